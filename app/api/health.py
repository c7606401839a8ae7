"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from .deps import SessionDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness")
def health() -> dict[str, str]:
    """The process is up and answering."""
    return {"status": "ok"}


@router.get("/ready", summary="Readiness")
def ready(session: SessionDep) -> dict[str, str]:
    """The database answers and its schema is at the migrations' head."""
    from ..migrate import current_revision, head_revision

    session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    current, head = current_revision(session.connection()), head_revision()
    if current != head:
        from ..errors import APIError

        class NotReady(APIError):
            status = 503

        raise NotReady(f"database schema is at {current}, the code expects {head}: run `factsapi migrate`")
    return {"status": "ready", "revision": head or ""}
