"""Output formats for every list: JSON pages, or the whole filtered set streamed as CSV or NDJSON."""

from __future__ import annotations

import csv
import io
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

import orjson
from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from .config import get_settings
from .errors import NotAcceptable
from .schemas import FacetValue, unexpanded

Format = Literal["json", "csv", "ndjson", "geojson"]
MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
    "geojson": "application/geo+json",
}
BY_MEDIA = {
    "application/json": "json",
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/geo+json": "geojson",
}


class CSVResponse(StreamingResponse):
    """Rows as CSV: its own media type in the OpenAPI document (`/v1/quotes.csv`)."""

    media_type = "text/csv"  # Starlette adds "; charset=utf-8"


class NDJSONResponse(StreamingResponse):
    """Rows as NDJSON, one JSON object a line (`/v1/quotes.ndjson`)."""

    media_type = MEDIA["ndjson"]


STREAMS: dict[str, type[StreamingResponse]] = {"csv": CSVResponse, "ndjson": NDJSONResponse}


def negotiate(
    request: Request, explicit: str | None, allowed: Iterable[str] = ("json", "csv", "ndjson")
) -> str:
    """The format asked for: `format=` wins, then the Accept header, else JSON."""
    allowed = tuple(allowed)
    if explicit:
        if explicit not in allowed:
            raise NotAcceptable(f"format must be one of {', '.join(allowed)}")
        return explicit
    accept = request.headers.get("accept", "")
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        fmt = BY_MEDIA.get(media)
        if fmt in allowed:
            return fmt
    return "json"


def link_header(request: Request, response: Response, next_cursor: str | None) -> None:
    """RFC 8288 `Link: <...>; rel="next"`, for clients that page by header."""
    if next_cursor:
        response.headers["Link"] = f'<{next_url(request, next_cursor)}>; rel="next"'


def next_url(request: Request, next_cursor: str) -> str:
    """The request's path and query with `cursor` set to the next page's, on PUBLIC_URL when set.

    Never on the request's Host, which a client may set to anything (a rebound name, say);
    a relative link resolves against the URL that was asked (RFC 8288). Done on the
    scope's text: Starlette parses, rebuilds and re-parses the URL twice over, which cost
    as much as serialising the page.
    """
    # escaped as Starlette's URL escapes them; "//x" would be a link to the host x
    path = request.scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    if path.startswith("//"):
        path = "/%2F" + path[2:]
    query = request.scope.get("query_string", b"").decode("utf-8", "replace")
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "cursor"]
    return f"{get_settings().public_url or ''}{path}?{urlencode([*params, ('cursor', next_cursor)])}"


def dumps(value: Any) -> bytes:
    """JSON as every list writes it: UTF-8 as is, dates as YYYY-MM-DD, NaN as null, models as their fields.

    orjson writes what pydantic_core's `to_json` wrote for these values, in a quarter of the time.
    """
    return orjson.dumps(value, default=to_jsonable_python)


def json_page(
    request: Request,
    data: list[dict[str, Any]],
    count: int,
    next_cursor: str | None,
    facets: dict[str, list[FacetValue]] | None = None,
) -> Response:
    """A page (`schemas.Page`) serialised in one call: the hot lists skip FastAPI's validation pass."""
    page = {"data": data, "count": count, "next": next_cursor, "facets": facets}
    response = Response(dumps(page), media_type="application/json")
    link_header(request, response, next_cursor)
    return response


def stream(
    fmt: str, batches: Iterator[list[dict[str, Any]]], filename: str, shapes: Iterable[type[BaseModel]]
) -> StreamingResponse:
    """Stream every row as CSV (the shapes' flattened columns) or NDJSON (one JSON object a line)."""
    body = _csv(batches, csv_columns(*shapes)) if fmt == "csv" else _ndjson(batches)
    headers = {"Content-Disposition": f'inline; filename="{filename}.{fmt}"'}
    return STREAMS[fmt](body, media_type=MEDIA[fmt], headers=headers)


def _ndjson(batches: Iterator[list[dict[str, Any]]]) -> Iterator[bytes]:
    for batch in batches:
        yield b"".join(dumps(row) + b"\n" for row in batch)


def _csv(batches: Iterator[list[dict[str, Any]]], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    # every text cell quoted: Excel in a `;` locale splits an unquoted "Holm; =1+2" at the `;`,
    # and the cell after it would start a formula; numbers stay bare, read as numbers
    writer = csv.DictWriter(
        buffer, fieldnames=columns, extrasaction="ignore", restval="", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writeheader()
    for batch in batches:
        for row in batch:
            cells = flatten(to_jsonable_python(row))
            # most cells start with no formula character: the test is a set lookup, not a call
            writer.writerow(
                {
                    k: spreadsheet_safe(v) if v.__class__ is str and v[:1] in FORMULA_FIRST else v
                    for k, v in cells.items()
                }
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """The value as a CSV cell a spreadsheet shows as text: `'` before what would start a formula.

    A quote is the article's text, which anyone may write: `=HYPERLINK(...)` said in an
    article must not run on the journalist's machine. A plain number ("-2") is left as is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_columns(*shapes: type[BaseModel]) -> list[str]:
    """The flattened columns of response shapes, in field order.

    Taken from the schema, not from the first row: a first claim with no source would
    otherwise leave `source_name` out of every row after it.
    """
    columns: dict[str, None] = {}
    for shape in shapes:
        columns.update(dict.fromkeys(_columns(shape)))
    return list(columns)


def _columns(shape: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, field in shape.model_fields.items():
        if field.exclude_if is unexpanded:
            continue  # only `expand=` fills it: the CSV columns stay the rows' own
        nested = _nested_model(field.annotation)
        if nested is None:
            yield f"{prefix}{name}"
        else:
            yield from _columns(nested, f"{prefix}{name}_")


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly or as `Model | None`; None for scalars and lists."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if len(models) == 1 else None
    return None


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects to `speaker_name`-style columns; lists joined with '; '."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            out[name] = "; ".join(v if isinstance(v, str) else json.dumps(v) for v in value)
        else:
            out[name] = value
    return out


def batched(
    fetch: Callable[[str | None], tuple[list[dict[str, Any]], str | None]],
) -> Iterator[list[dict[str, Any]]]:
    """Follow cursors until the last page: fetch(cursor) -> (rows, next cursor)."""
    cursor: str | None = None
    while True:
        rows, cursor = fetch(cursor)
        yield rows
        if not cursor:
            return
