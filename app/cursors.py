"""Opaque keyset cursors: the sort and the last row's position in it.

A cursor is base64 of a little JSON object, so clients treat it as a token and the API
can still refuse one made for another sort (a page of `sort=day` continued with
`sort=-id` would skip or repeat rows).
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from . import models
from .errors import BadRequest

Position = tuple[dt.date | None, str | None, int]  # day, kind (for the mixed stream), id


def encode_cursor(sort: str, day: dt.date | str | None, ident: int, kind: str | None = None) -> str:
    if isinstance(day, dt.date):
        day = day.isoformat()
    raw: dict[str, object] = {"s": sort, "d": day, "i": ident}
    if kind is not None:
        raw["k"] = kind
    text = json.dumps(raw, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, sort: str = "id", kinds: tuple[str, ...] = ()) -> Position | None:
    """The (day, kind, id) a cursor points after; 400 if this API did not make it for this sort.

    `kinds` is what the mixed stream's cursors may name; a single list's cursor names none.
    """
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data["s"] != sort:
            raise BadRequest(f"this cursor belongs to sort={data['s']}; keep the same sort while paging")
        kind = data.get("k")
        if (kind is None) != (not kinds) or (kind is not None and kind not in kinds):
            raise ValueError(kind)
        day = dt.date.fromisoformat(data["d"]) if data["d"] else None
        ident = int(data["i"])
        if not 0 <= ident <= models.MAX_ID:
            raise ValueError(ident)
        return day, kind, ident
    except BadRequest:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
        raise BadRequest(
            "cursor is not one this API gave out; use the 'next' value of a previous page"
        ) from exc
