"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..config import get_settings
from ..db import DatabaseNotDurable, disk_free, get_engine, new_session, probe_write
from ..errors import ServiceUnavailable
from ..migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness")
async def health() -> dict[str, str]:
    """The process is up and answering."""
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Readiness",
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
