"""Reads whose work grows with the data take turns on a lane of their own, beside the plain reads.

A page of a list is bounded by its `limit`; some reads are not: facet counts, a full-text
search, the timeline and the incident groups count or group every matching fact, and the
map's casualty totals read every figure of every place. At 3,000 articles one of them
takes 0.05-1.2 s of the read thread. With one thread (THREADS, 1 on SQLite) and 32 of
them in flight, a plain read queued behind all 32: 8 s at the median, 15 s at p99
(bench/heavy.py, issue #21).

So a heavy read waits here, on the event loop, for one of HEAVY_THREADS turns (1 by
default), and the thread pool has that many threads more than THREADS: the heavy reads
queue among themselves, and a plain read finds a thread of its own. Exports are not
held here: they stream in batches of 500, each a trip through the pool like any page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import get_settings

# routes whose every request counts or groups all the facts it matches
HEAVY_PATHS = frozenset({"/v1/timeline", "/v1/figures/groups", "/v1/places.geojson"})
# the fact lists, where `q` (full-text search) and `facets` count every match
FACT_LISTS = frozenset({"/v1/facts", "/v1/quotes", "/v1/claims", "/v1/figures"})
HEAVY_PARAMETERS = frozenset({"q", "facets"})


def is_heavy(scope: Scope) -> bool:
    """Whether a request's work grows with the data rather than with its page."""
    path = scope["path"]
    if path in HEAVY_PATHS:
        return True
    query = scope["query_string"].decode("latin-1")
    if path in FACT_LISTS:
        return any(name in HEAVY_PARAMETERS for name, _v in parse_qsl(query, keep_blank_values=True))
    if path == "/v1/places":  # the map's GeoJSON, asked for by parameter or by Accept
        if "format=geojson" in query:
            return True
        return any(name == b"accept" and b"geo+json" in value for name, value in scope["headers"])
    return False


class HeavyLane:
    """ASGI middleware: a heavy read waits for one of HEAVY_THREADS turns before it runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.turns: anyio.Semaphore | None = None  # made on the server's event loop, at first use

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_heavy(scope):
            await self.app(scope, receive, send)
            return
        if self.turns is None:
            self.turns = anyio.Semaphore(get_settings().heavy_threads)
        async with self.turns:
            await self.app(scope, receive, send)
