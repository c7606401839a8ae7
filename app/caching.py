"""Conditional GETs as GitHub's API answers them: weak ETags, Last-Modified, Cache-Control,
and a 304 that runs no query of the list.

An answer under /v1/ is a function of the data, the request and the code. So its ETag is
made of those: the database's change counter (`data_version`, bumped by trigger on every
write, migration 0009), a digest of the request (path, query string, Accept) and of the
code and cursor key. A revalidation reads that one row by its key and answers 304 without
calling the route; a full answer reads it before the route runs, so a write landing
meanwhile makes the tag older than the body, never newer (the next revalidation is a 200).

The tags are weak (`W/"..."`): gzip and identity bodies of one answer are the same
representation, not the same bytes. `If-None-Match` compares them weakly, as RFC 9110
says a GET must. Outside /v1/ (the OpenAPI document, health) the tag is still a digest of
the body, as before. Pure ASGI, like the other middleware.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime

import anyio.to_thread
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__, models
from .config import get_settings
from .db import get_engine
from .queries.cursors import key_id

VERSION = models.DataVersion.__table__  # type: ignore[attr-defined]
READ_VERSION = select(VERSION.c.version, VERSION.c.changed_at).where(VERSION.c.id == 1)
TAGGED = (b"application/json", b"application/geo+json")


def data_version() -> tuple[int, dt.datetime] | None:
    """The database's change counter and the time of its last change; None before migration 0009."""
    try:
        with get_engine().connect() as conn:
            row = conn.execute(READ_VERSION).first()
    except DBAPIError:
        return None
    return (row[0], row[1]) if row is not None else None


def _local() -> bool:
    return get_engine().dialect.name == "sqlite"


def request_tag(scope: Scope, version: int) -> str:
    """The weak ETag of a GET under /v1/: the data's version and a digest of what was asked."""
    headers = dict(scope.get("headers") or [])
    asked = b"\0".join(
        (
            __version__.encode(),
            key_id().encode(),
            scope.get("path", "").encode(),
            scope.get("query_string", b""),
            headers.get(b"accept", b""),
        )
    )
    return f'W/"{version}-{hashlib.sha256(asked).hexdigest()[:20]}"'


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison: `W/"x"` and `"x"` name the same representation."""
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def cache_control() -> bytes:
    """Stored by any cache, and revalidated (cheaply) each time unless CACHE_MAX_AGE allows reuse."""
    age = get_settings().cache_max_age
    return b"public, no-cache" if age == 0 else f"public, max-age={age}".encode()


class ConditionalGets:
    """ETags, Last-Modified and Cache-Control on GET answers; 304 when the client holds the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if not scope.get("path", "").startswith("/v1/"):
            await _body_tagged(self.app, scope, receive, send)
            return
        # SQLite: one read by key of a local file, where WAL never makes a reader wait, costs
        # less than the handoff to a thread; PostgreSQL's is a round trip, kept off the loop
        found = data_version() if _local() else await anyio.to_thread.run_sync(data_version)
        if found is None:
            await self.app(scope, receive, send)
            return
        version, changed = found
        etag = request_tag(scope, version)
        fresh = [
            (b"etag", etag.encode()),
            (b"last-modified", format_datetime(changed.astimezone(dt.UTC), usegmt=True).encode()),
            (b"cache-control", cache_control()),
        ]
        if_none_match = dict(scope.get("headers") or []).get(b"if-none-match", b"").decode("latin-1")
        if if_none_match and if_none_match.strip() != "*" and matches(if_none_match, etag):
            await send({"type": "http.response.start", "status": 304, "headers": fresh})
            await send({"type": "http.response.body", "body": b""})
            return

        any_tag = if_none_match.strip() == "*"  # any current representation: a 200 becomes a 304
        not_modified = False

        async def tagged(message: Message) -> None:
            nonlocal not_modified
            if message["type"] == "http.response.start" and message["status"] == 200:
                if any_tag:
                    not_modified = True
                    await send({"type": "http.response.start", "status": 304, "headers": fresh})
                    await send({"type": "http.response.body", "body": b""})
                    return
                message["headers"] = [*message.get("headers", []), *fresh]
            if not not_modified:
                await send(message)

        await self.app(scope, receive, tagged)


async def _body_tagged(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Outside /v1/: a weak ETag that is a digest of the JSON body, and 304 when it matches."""
    if_none_match = dict(scope.get("headers") or []).get(b"if-none-match", b"").decode("latin-1")
    start: Message | None = None
    chunks: list[bytes] = []
    passthrough = False

    async def buffered(message: Message) -> None:
        nonlocal start, passthrough
        if message["type"] == "http.response.start":
            content_type = dict(message.get("headers", [])).get(b"content-type", b"")
            if message["status"] != 200 or not content_type.startswith(TAGGED):
                passthrough = True
                await send(message)
                return
            start = message
            return
        if passthrough or start is None:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body = b"".join(chunks)
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
        if if_none_match.strip() == "*" or matches(if_none_match, etag):
            headers = [(k, v) for k, v in start["headers"] if k not in (b"content-length", b"content-type")]
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [*headers, (b"etag", etag.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        start["headers"] = [*start["headers"], (b"etag", etag.encode())]
        await send(start)
        await send({"type": "http.response.body", "body": body})

    await app(scope, receive, buffered)
