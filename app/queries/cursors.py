"""Opaque keyset cursors: the list, the sort and the last row's position in it.

A cursor is base64 of a little JSON object, so clients treat it as a token and the API
can still refuse one made for another sort (a page of `sort=day` continued with
`sort=-id` would skip or repeat rows) or for another list (a claims cursor holds a
claim id, which means nothing among quotes).

It is signed (`m`, an HMAC-SHA256 of the rest under CURSOR_SECRET) so an edited one is a 400,
not a page from wherever it points; and it names the filters of the request that made it
(`f`, a digest of them), so continuing it under other filters is a 400, not a page of
another list. The route's paging dependency says which filters those are (`bind_filters`):
the functions that make and read cursors deep in the queries see them through a context
variable, as they see nothing else of the request.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import NoReturn

from .. import models
from ..config import get_settings
from ..errors import BadCursor

Position = tuple[dt.date | None, str | None, int]  # day, kind (for the mixed stream), id

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Long enough for a name cursor over any name a `q` may hold (200 characters, UTF-8, base64),
# with its signature and the digest of its filters
MAX_CURSOR = 1100
NOT_OURS = "cursor is not one this API gave out; use the 'next' value of a previous page"
OTHER_FILTERS = (
    "this cursor was made for other filters; keep the filters while paging, "
    "or start again from the first page (no cursor)"
)
# the request's filters (name -> its values) and their digest ("" for none); set by the paging
# dependency
_FILTERS: ContextVar[tuple[dict[str, tuple[str, ...]], str]] = ContextVar("cursor_filters", default=({}, ""))
# what a request may change between pages: how many rows (or days, or facts a day), how each
# row is shown, whether a timeline shows its facts
NOT_FILTERS = frozenset(
    {"cursor", "limit", "expand", "facets", "format", "sort", "facts", "per_day", "days", "include"}
)


def bind_filters(query: Iterable[tuple[str, str]]) -> None:
    """Bind the cursors made and read in this request to its filters: the query parameters but
    paging and presentation ones, each as a set of values (repeats and comma lists are one list)."""
    values: dict[str, set[str]] = {}
    for name, value in query:
        if name not in NOT_FILTERS:
            values.setdefault(name, set()).update(part.strip() for part in value.split(","))
    _bind({name: tuple(sorted(v)) for name, v in values.items()})


@contextmanager
def bound_to(**changes: str) -> Iterator[None]:
    """Cursors made meanwhile continue another request: this one's filters with `changes` (a
    timeline's `facts_next` continues `/v1/facts` with `day` the day)."""
    values, _digest = _FILTERS.get()
    token = _bind({**values, **{name: (value,) for name, value in changes.items()}})
    try:
        yield
    finally:
        _FILTERS.reset(token)


def _bind(values: dict[str, tuple[str, ...]]) -> Token:
    canonical = json.dumps(sorted(values.items()), ensure_ascii=False)
    digest = _b64(hashlib.sha256(canonical.encode()).digest()[:9]) if values else ""
    return _FILTERS.set((values, digest))


@functools.lru_cache(maxsize=8)
def _keys(secret: str | None, api_key: str | None, database_url: str) -> tuple[bytes, ...]:
    """The keys that verify a cursor, the first of them signing: CURSOR_SECRET's, else one
    derived from what every worker of a deployment shares (its API key and its database)."""
    if secret and secret.strip(","):
        return tuple(part.strip().encode() for part in secret.split(",") if part.strip())
    seed = "\0".join(("factsapi cursors", api_key or "", database_url))
    return (hashlib.sha256(seed.encode()).digest(),)


def key_id() -> str:
    """A digest naming the key that signs cursors now: a page's ETag changes with it, since the
    page's `next` does."""
    return hashlib.sha256(_signing_keys()[0]).hexdigest()[:12]


def _signature(key: bytes, text: str) -> str:
    return _b64(hmac.new(key, text.encode(), hashlib.sha256).digest()[:16])


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _signing_keys() -> tuple[bytes, ...]:
    settings = get_settings()
    return _keys(settings.cursor_secret, settings.facts_api_key, settings.database_url)


def encode_cursor(
    sort: str,
    day: dt.date | str | None,
    ident: int,
    kind: str | None = None,
    *,
    listing: str | None = None,
) -> str:
    """The cursor after (day, kind, ident) in `sort` order, naming the list that gives it out."""
    if isinstance(day, dt.date):
        day = day.isoformat()
    raw: dict[str, object] = {"s": sort, "d": day, "i": ident}
    if kind is not None:
        raw["k"] = kind
    if listing is not None:
        raw["l"] = listing
    return _write(raw)


def decode_cursor(
    cursor: str | None, sort: str = "id", kinds: tuple[str, ...] = (), *, listing: str | None = None
) -> Position | None:
    """The (day, kind, id) a cursor points after; 400 if this API did not make it for this sort.

    `kinds` is what the mixed stream's cursors may name; a single list's cursor names none.
    With `listing`, the cursor must have been given out by that list.
    """
    if not cursor:
        return None
    data = _read(cursor)
    if listing is not None:
        _check_listing(data, listing)
    if data.get("s") != sort:
        if not isinstance(data.get("s"), str):
            _refuse()
        raise BadCursor(f"this cursor belongs to sort={data['s']}; keep the same sort while paging")
    if data.get("f", "") != _FILTERS.get()[1]:
        raise BadCursor(OTHER_FILTERS)
    day, ident = data.get("d"), data.get("i")
    # a single list's cursor names no kind; the mixed stream's names one of its kinds
    kind = data.get("k")
    if kinds and not (isinstance(kind, str) and kind in kinds):
        _refuse()
    if not kinds and kind is not None:
        _refuse()
    kind = kind if isinstance(kind, str) else None
    # bool is an int to Python; JSON's true is not an id
    if type(ident) is not int or not 0 <= ident <= models.MAX_ID:
        _refuse()
    if day is None:
        return None, kind, ident
    if not isinstance(day, str) or not DAY.fullmatch(day):
        _refuse()
    try:
        return dt.date.fromisoformat(day), kind, ident
    except ValueError:
        _refuse()


def encode_name_cursor(sort: str, name: str, ident: int, *, listing: str) -> str:
    """The cursor after (name, ident) in a by-name `sort`, naming the list that gives it out."""
    return _write({"s": sort, "i": ident, "l": listing, "n": name})


def decode_name_cursor(cursor: str | None, sort: str, *, listing: str) -> tuple[str, int] | None:
    """The (name, id) a by-name cursor points after; 400 as `decode_cursor` refuses, or
    without a name."""
    position = decode_cursor(cursor, sort, listing=listing)  # the list, the sort and the id
    if position is None:
        return None
    name = _read(cursor or "").get("n")
    if not isinstance(name, str) or position[0] is not None:
        _refuse()
    return name, position[2]


def cursor_for(listing: str, cursor: str | None) -> str | None:
    """A shared pager's cursor, named for the list that hands it out."""
    if not cursor:
        return None
    return _write({**_read(cursor), "l": listing})


def cursor_from(listing: str, cursor: str | None) -> str | None:
    """A cursor that `listing` gave out, for its shared pager; 400 for another list's."""
    if cursor:
        _check_listing(_read(cursor), listing)
    return cursor


def _check_listing(data: dict[str, object], listing: str) -> None:
    if data.get("l") != listing:
        given = data.get("l") if isinstance(data.get("l"), str) else "none named"
        raise BadCursor(
            f"this cursor belongs to another list ({given}), not {listing}; "
            "a cursor continues the list that gave it out"
        )


def _write(raw: dict[str, object]) -> str:
    raw = {k: v for k, v in raw.items() if k not in ("f", "m")}
    if bound := _FILTERS.get()[1]:
        raw["f"] = bound
    raw["m"] = _signature(_signing_keys()[0], _text(raw))
    return _b64(_text(raw).encode())


def _text(raw: dict[str, object]) -> str:
    # UTF-8, not \uXXXX escapes: a name cursor holds a place's name, and escaped, a Cyrillic
    # name of 20 letters outgrew the limit on a cursor's length
    return json.dumps(raw, separators=(",", ":"), ensure_ascii=False)


def _read(cursor: str) -> dict[str, object]:
    """The JSON object inside a cursor; 400 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        # JSON's NaN, Infinity and 1e400 are no position; refused here, they never reach int()
        data = json.loads(raw, parse_constant=_no_constant, parse_float=_no_float)
        # a "\ud800" escape decodes to a lone surrogate, which no database driver can encode
        json.dumps(data, ensure_ascii=False).encode()
    except (ValueError, RecursionError):  # binascii, JSON and UnicodeEncode errors are ValueErrors
        _refuse()
    if not isinstance(data, dict):
        _refuse()
    signature = data.pop("m", None)
    if not isinstance(signature, str):
        _refuse()
    # the object as it was signed: JSON keeps its keys' order, and a reordered one is not ours
    text = _text(data)
    if not any(hmac.compare_digest(signature, _signature(key, text)) for key in _signing_keys()):
        _refuse()
    return data


def _no_constant(name: str) -> NoReturn:
    raise ValueError(name)


def _no_float(text: str) -> NoReturn:
    raise ValueError(text)


def _refuse() -> NoReturn:
    raise BadCursor(NOT_OURS)
