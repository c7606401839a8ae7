"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi_offline import FastAPIOffline
from starlette.routing import Mount

from . import __version__
from .api import articles, entities, explore, facts, health, jobs, problems, statements
from .api.deps import CommaLists, known_query
from .caching import ConditionalGets
from .config import get_settings
from .db import get_engine
from .errors import install_error_handlers
from .lanes import HeavyLane
from .logs import configure_logging
from .middleware import RequestContext, TrustedHosts
from .operations import operation_id
from .schemas import Problem

DESCRIPTION = """
News articles in, facts out: attributed **claims**, **casualty figures**, direct
**quotes** with their speakers, and the **people**, **places** (geocoded),
**organizations** and **dates** they involve. Every fact carries its article, segment
and character span.

Errors are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details.
"""

# the body's schema under the type it is sent as; `model` alone would list it under JSON
PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}
ERROR_RESPONSES: dict[int | str, dict] = {
    code: {
        "model": Problem,
        "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
        "description": text,
    }
    for code, text in (
        (400, "A parameter the API cannot use: a foreign cursor, a `q` with no words, 'from' after 'to'"),
        (404, "Not found"),
        (422, "Invalid request"),
        (500, "Server error"),
    )
}

# what a browser client sends beyond the CORS-safelisted headers, and what its code may read
CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "If-None-Match", "X-Request-ID", "Cache-Control"]
CORS_EXPOSED_HEADERS = ["Link", "ETag", "Last-Modified", "X-Request-ID", "Content-Disposition", "Location"]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Sync endpoints run in anyio's thread pool (40 threads by default). Measured on 2
    # cores under 32 connections: on SQLite one thread serves 20-30% more requests per
    # second than two, and two far more than 40, since the others only queue for the GIL
    # and every SQLite call hands it back and forth; on PostgreSQL two serve 20-30% more
    # than one, which waits on the socket (bench/README.md, "Threads").
    # and HEAVY_THREADS more, for the reads that take turns in app/lanes.py
    threads = get_settings().read_threads + get_settings().heavy_threads
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads
    _write_lanes(app)  # fresh for this event loop
    health.check_at_start(app)
    settings = get_settings()
    writes = bool(settings.facts_api_key or settings.allow_loopback_writes)
    if settings.warm_extraction and writes:
        from .extract_worker import warm_up  # imports no spaCy: the worker process loads it

        warm_up()
    if writes:
        from .jobs.queue import resume_here

        resume_here()  # jobs a stopped server left unfinished; with a broker, the broker holds them
    yield
    if writes:
        from .jobs.queue import stop_here

        stop_here()
    # closing SQLite's connections copies the WAL into the database file (the last one
    # closed does): a WAL deleted under the server then loses nothing it acknowledged
    get_engine().dispose()


def _write_lanes(app: FastAPI) -> None:
    # extraction (POST) gets a thread of its own: uploads queue there, reads go on
    app.state.extraction = anyio.CapacityLimiter(1)
    # and a DELETE: one waiting for another process's write lock must not hold a read thread
    app.state.writes = anyio.CapacityLimiter(1)


def create_app() -> FastAPI:
    """Build the app: routers, error handlers, middleware."""
    settings = get_settings()
    configure_logging(settings.log_level)
    # Swagger UI and ReDoc from assets the fastapi-offline package ships: no CDN
    app = FastAPIOffline(
        static_url="/static",
        title="factsapi",
        version=__version__,
        description=DESCRIPTION,
        responses=ERROR_RESPONSES,
        lifespan=lifespan,
        dependencies=[Depends(known_query)],
        generate_unique_id_function=operation_id,
    )
    # writes work in an app whose lifespan never ran (a TestClient outside `with`); a served
    # app's lifespan makes them anew on its own event loop
    _write_lanes(app)
    install_error_handlers(app)
    # the API reference's own files (fastapi-offline mounts them) answer errors as the API does
    for route in app.routes:
        if isinstance(route, Mount) and route.path == "/static":
            route.app = explore.FileProblems(route.app)
    app.add_middleware(ConditionalGets)  # innermost: tags the uncompressed answer
    # level 6, not Starlette's 9: half the CPU (a page of 50 facts: 250 us, not 540) for 1% more bytes
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    # inside RequestContext and CORS: a refused name is logged, with a request id, like any answer
    app.add_middleware(TrustedHosts)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        # pages of other origins may read; they may write only where a key guards writes
        # (auth.require_writer also refuses writes from origins not configured)
        allow_methods=["GET", "HEAD", "OPTIONS", *(["POST", "DELETE"] if settings.facts_api_key else [])],
        allow_headers=CORS_REQUEST_HEADERS,
        expose_headers=CORS_EXPOSED_HEADERS,
        max_age=600,
    )
    app.add_middleware(CommaLists)  # `expand=a&expand=b` is `expand=a,b` before any route reads it
    app.add_middleware(HeavyLane)  # inside RequestContext: the access log's ms counts the wait
    app.add_middleware(RequestContext)
    # The busiest first: a request is matched against each route before its own (about
    # 1 µs a route, twice), and the fact lists are most of the traffic (-30 µs a request,
    # 3-4%). No two routers' paths overlap, so the order changes no match.
    for module in (facts, entities, jobs, articles, statements, health, explore, problems):
        app.include_router(module.router)
    return app


app = create_app()
