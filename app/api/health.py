"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import new_session
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
    responses={503: {"description": "Database unreachable or not migrated"}},
)
def ready() -> dict[str, str]:
    """The database answers and its schema is at the migrations' head."""
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
    return {"status": "ready", "revision": head or ""}
