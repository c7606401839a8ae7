"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..config import get_settings
from ..db import DatabaseNotDurable, damage, disk_free, get_engine, new_session, probe_write
from ..errors import ServiceUnavailable
from ..migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


def check_at_start(app: FastAPI) -> None:
    """Note a database file that is not one before the first request: /health then says 503."""
    app.state.damaged = damage(get_engine())


@router.get(
    "/health",
    summary="Liveness",
    operation_id="getHealth",
    responses={503: {"description": "The database file is damaged: restore it and restart"}},
)
async def health(request: Request) -> dict[str, str]:
    """The process is up, and its database is not damaged; cheap: it reads no database.

    A damaged file is found at start (the schema is read once) or by the first request
    that meets a damaged page; a restart is what serves a restored file, so this holds.
    """
    damaged = getattr(request.app.state, "damaged", None)
    if damaged:
        raise ServiceUnavailable(damaged)
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Readiness",
    operation_id="getReadiness",
    responses={503: {"description": "Database unreachable, not migrated, refusing writes, or its disk full"}},
)
def ready() -> dict[str, str]:
    """The database answers, its schema is at the migrations' head, a write would last and has room."""
    try:
        with new_session() as session:
            session.connection().execute(text("SELECT 1"))
            current = current_revision(session.connection())
    except SQLAlchemyError as exc:
        raise ServiceUnavailable(f"the database does not answer: {type(exc).__name__}") from exc
    head = head_revision()
    if current != head:
        raise ServiceUnavailable(
            f"database schema is at {current}, the code expects {head}: run `factsapi migrate`"
        )
    # reads can go on from a deleted or read-only file; only a write shows the service is broken
    try:
        probe_write(get_engine())
    except DatabaseNotDurable as exc:
        raise ServiceUnavailable(f"writes would be lost: {exc}") from exc
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0][:200] if exc.orig else type(exc).__name__
        raise ServiceUnavailable(f"the database refuses writes: {reason}") from exc
    # the probe writes no page, and a WAL with room left takes a small write on a full disk:
    # the free space is what says whether the next article fits
    free, wanted = disk_free(get_engine()), get_settings().min_free_bytes
    if free is not None and free < wanted:
        raise ServiceUnavailable(
            f"the database's disk is full: {free:,} bytes free, under MIN_FREE_BYTES ({wanted:,})"
        )
    return {"status": "ready", "revision": head or ""}
