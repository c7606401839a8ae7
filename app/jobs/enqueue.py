"""Jobs made and sent in one step, and followed to their end: what the API and the CLI call."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from .. import models
from .queue import send
from .records import FINISHED, create_job, status_counts


def submit(
    engine: Engine, *, bodies: Sequence[tuple[bytes, str]] = (), article_ids: Sequence[int] = ()
) -> int:
    """Record a job and send its articles to the workers; the job's id.

    The record is committed before any message is sent, so a worker never meets a message
    whose article it cannot find. If sending fails (the broker unreachable), the job is
    removed and the error raised: no job is left that no worker will ever take.
    """
    job_id, item_ids = create_job(engine, bodies=bodies, article_ids=article_ids)
    try:
        send(item_ids, engine)
    except Exception:
        with Session(engine) as session:
            job = session.get(models.Job, job_id)
            if job is not None:
                session.delete(job)
                session.commit()
        raise
    return job_id


def progress(engine: Engine, job_ids: Sequence[int]) -> Iterator[dict[str, int]]:
    """The jobs' articles counted by status, once per call of next(); ends when all are finished."""
    total = None
    while True:
        counts = status_counts(engine, job_ids)
        total = sum(counts.values()) if total is None else total
        yield counts
        if sum(counts.get(s, 0) for s in FINISHED) >= total:
            return
