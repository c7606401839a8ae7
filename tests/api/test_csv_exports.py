"""A CSV export is safe to open in a spreadsheet: no quoted text runs as a formula there.

A journalist opens `/v1/quotes.csv` in Excel or LibreOffice; a quote that starts with
`=`, `+`, `-` or `@` would be run as a formula (`=HYPERLINK(...)` sends a click to
another site). As OWASP ("CSV Injection") advises, such a cell starts with `'`, which
spreadsheets show as text; a number stays a number. Through HTTP against the real app.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from app import formats

# each quote starts as a formula would; the extractor keeps the quotes' text as said
TEXT = """Harbour workers struck in Tralee on Monday.

"=HYPERLINK(""http://evil.test"",""open"") is what we will do next week," Mayor Lena Holm said on Monday.

"+1 for the workers, and a pay rise before the summer," union leader Tom Byrne told reporters.

"-2 degrees at night is too cold to keep the harbour open," Holm said.

"@SUM(A1:A9) is not how we count the workers who struck," Byrne said.

Police said 12 people were arrested in Tralee."""


@pytest.fixture(scope="module")
def formulas(client: TestClient) -> int:
    body = json.dumps({"text": TEXT, "published": "2024-04-02", "title": "=1+2 Strike in Tralee"})
    response = client.post("/v1/articles", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 201), response.text
    return response.json()["id"]


def rows(client: TestClient, path: str, article: int) -> list[dict[str, str]]:
    response = client.get(path, params={"article": article})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("path", ["/v1/quotes.csv", "/v1/claims.csv", "/v1/facts.csv"])
def test_no_cell_of_an_export_starts_a_formula(client: TestClient, formulas: int, path: str) -> None:
    texts = [row["text"] for row in rows(client, path, formulas)]
    assert {t[:2] for t in texts} >= {"'=", "'+", "'-", "'@"}, texts  # each is there, as text
    for row in rows(client, path, formulas):
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def test_the_json_and_ndjson_keep_the_text_as_said(client: TestClient, formulas: int) -> None:
    page = client.get("/v1/quotes", params={"article": formulas}).json()["data"]
    assert any(q["text"].startswith("=HYPERLINK(") for q in page), page
    lines = client.get("/v1/quotes.ndjson", params={"article": formulas}).text.splitlines()
    assert any(json.loads(line)["text"].startswith("+1 for") for line in lines)


def test_numbers_stay_numbers(client: TestClient, formulas: int) -> None:
    figures = client.get("/v1/figures.csv", params={"article": formulas})
    (arrested,) = [r for r in csv.DictReader(io.StringIO(figures.text)) if "12 people" in r["text"]]
    assert arrested["value"] == "12", arrested
    # unquoted in the file: a spreadsheet reads a number, not text
    assert ",12," in figures.text or figures.text.rstrip().endswith(",12")


def test_a_separator_inside_a_cell_cannot_start_a_formula_cell() -> None:
    """Excel in a `;` locale splits an unquoted line at `;`: every text cell is quoted."""
    body = "".join(
        formats._csv(iter([[{"text": "Holm; =1+2", "value": 3, "none": None}]]), ["text", "value", "none"])
    )
    assert body.splitlines()[1] == '"Holm; =1+2",3,""'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1 for the workers", "'+1 for the workers"),
        ("-2 degrees", "'-2 degrees"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("-", "'-"),
        ("-2+3", "'-2+3"),
        ("-2", "-2"),  # a plain number, as text: a spreadsheet reads the number
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        ("Holm said", "Holm said"),
        ("", ""),
        (-2, -2),
        (3.5, 3.5),
        (None, None),
        (True, True),
    ],
)
def test_a_cell_that_would_start_a_formula_is_text(value: object, cell: object) -> None:
    assert formats.spreadsheet_safe(value) == cell
