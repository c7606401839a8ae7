"""Articles: a headline title for plain text, and no server paths in `source`."""

import importlib.util
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.extract.text.article import headline, read_json_article, read_seed_format

BODY = "Officials said the dam held overnight after days of rain.\n\nResidents were told to stay away."


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("FRANCE FINES GOOGLE OVER NEWS LICENSING", "FRANCE FINES GOOGLE OVER NEWS LICENSING"),
        ("Dam holds as river peaks in the north", "Dam holds as river peaks in the north"),
        ("Will the central bank cut rates again?", "Will the central bank cut rates again?"),
        ('"We will rebuild," mayor vows after fire', '"We will rebuild," mayor vows after fire'),
        ("Police arrested two men on Sunday in the port.", None),
        ('"Nobody was hurt," the chief said.”', None),
        ("By Jane Doe and Omar Said", None),
        ("Shares fell sharply on Monday as investors sold " * 3, None),
        ("Investors worried about the merger:", None),
    ],
)
def test_a_first_line_that_reads_as_a_headline(first_line: str, expected: str | None) -> None:
    assert headline(f"{first_line.strip()}\n\n{BODY}") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Police said on Monday that\nthe man had fled the scene.\n\nMore text.",  # a wrapped sentence
        "Storm damage reported in the south",  # the only line is the article
    ],
)
def test_no_title_without_a_headline_paragraph(text: str) -> None:
    assert headline(text) is None


def post_text(client: TestClient, text: str) -> dict:
    response = client.post(
        "/v1/articles", content=f" date 2024-05-02 {text}".encode(), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code in (200, 201), response.text
    return client.get(f"/v1/articles/{response.json()['id']}").json()


def test_plain_text_headline_becomes_the_title(client: TestClient) -> None:
    article = post_text(client, f"Dam holds as river peaks\n\n{BODY}")
    assert article["title"] == "Dam holds as river peaks"
    assert article["source"] is None


def test_plain_text_without_headline_takes_its_title_from_the_lede(client: TestClient) -> None:
    # a sentence is not a headline (headline() is None), but a short lede is a title as it stands
    assert post_text(client, f"Factory fire injures four workers.\n\n{BODY}")["title"] == (
        "Factory fire injures four workers"
    )


def test_the_seed_has_a_title_from_its_lede_not_its_file_name(client: TestClient) -> None:
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_fc4ee9ee1c3e4ec7.txt"
    response = client.post("/v1/articles", content=seed.read_bytes(), headers={"Content-Type": "text/plain"})
    article = client.get(f"/v1/articles/{response.json()['id']}").json()
    assert article["title"].endswith("…") and article["title"] != article["source"]
    assert seed.read_text().split(maxsplit=2)[2].startswith(article["title"].removesuffix("…"))


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        # a dateline is where, not what
        (
            "KYIV, Ukraine (AP) — Russian drones struck the port overnight.",
            "Russian drones struck the port overnight",
        ),
        # a long sentence is cut where its first clause past 30 characters begins, and says so
        (
            "Floods and landslides set off by two days of torrential rain killed four people in the north, "
            "officials said.",
            "Floods and landslides set off by two days of torrential rain killed four people…",
        ),
        (
            "The central bank raised its main interest rate by half a point on Thursday as inflation stayed high.",
            "The central bank raised its main interest rate by half a point on Thursday…",
        ),
        # an abbreviation does not end the sentence
        (
            "Gen. Mark Milley met U.S. officials in Brussels. Then he flew home.",
            "Gen. Mark Milley met U.S. officials in Brussels",
        ),
        ('"We will rebuild," the mayor said on Monday.', '"We will rebuild," the mayor said on Monday'),
    ],
)
def test_a_lede_gives_a_title(lede: str, expected: str) -> None:
    article = read_seed_format(f" date 2024-05-02 {lede}\n\n{BODY}")
    assert article.title == expected


def test_a_headline_or_a_given_title_is_kept() -> None:
    assert (
        read_seed_format(f" date 2024-05-02 Dam holds as river peaks\n\n{BODY}").title
        == "Dam holds as river peaks"
    )
    given = read_json_article(json.dumps({"text": BODY, "published": "2024-05-02", "title": "Dam holds"}))
    assert given.title == "Dam holds"
    assert read_json_article(json.dumps({"text": BODY, "published": "2024-05-02"})).title == (
        "Officials said the dam held overnight after days of rain"
    )


def test_a_cli_ingest_shows_the_file_name_not_the_path(client: TestClient, tmp_path: Path) -> None:
    folder = tmp_path / "srv" / "feeds"
    folder.mkdir(parents=True)
    (folder / "bridge_closure.txt").write_text(
        " date 2024-05-03 Bridge closed after crash\n\nPolice closed the bridge on Friday after a lorry hit a pillar."
    )
    assert main(["ingest", str(folder)]) == 0
    articles = client.get("/v1/articles", params={"limit": 500}).json()["data"]
    assert "bridge_closure.txt" in [a["source"] for a in articles]
    assert not any(str(tmp_path) in (a["source"] or "") for a in articles)
    ingested = next(a for a in articles if a["source"] == "bridge_closure.txt")
    assert ingested["title"] == "Bridge closed after crash"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("/srv/feeds/2022/a.txt", "a.txt"),
        ("seeds/000_fc4e.txt", "000_fc4e.txt"),
        ("C:\\feeds\\b.json", "b.json"),
        ("https://example.org/news/1", "https://example.org/news/1"),
        ("Reuters", "Reuters"),
    ],
)
def test_the_migration_keeps_only_file_names(source: str, expected: str) -> None:
    migration = Path(__file__).parents[2] / "migrations/versions/2026_11_30_0005_article_source_file_name.py"
    spec = importlib.util.spec_from_file_location("source_file_name", migration)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.file_name(source) == expected
