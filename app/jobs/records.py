"""The database side of jobs: a job and its articles written, taken, finished and read.

Every change is one short transaction, so a worker that dies leaves a record that says
what it did last: `running` with its attempts, never a half-stored article (the article
itself is stored in one transaction by `store`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from .. import models
from ..queries.cursors import decode_cursor
from ..queries.entities import page
from ..schemas.jobs import Job, JobArticle

FINISHED = frozenset({"stored", "duplicate", "failed"})


@dataclass(frozen=True)
class Taken:
    """A job article a worker has taken: what it needs to do the work."""

    id: int
    kind: str
    body: bytes | None
    content_type: str | None
    article_id: int | None
    first_started: dt.datetime
    attempts: int


def create_job(
    engine: Engine,
    *,
    bodies: Sequence[tuple[bytes, str]] = (),
    article_ids: Sequence[int] = (),
) -> tuple[int, list[int]]:
    """Record a job of article bodies to ingest, or of stored articles to re-extract: its id and its articles' ids."""
    kind = "reextract" if article_ids else "ingest"
    with Session(engine) as session:
        job = models.Job(kind=kind, total=len(bodies) or len(article_ids))
        session.add(job)
        session.flush()
        assert job.id is not None
        rows = [
            models.JobArticle(job_id=job.id, position=i, body=raw, content_type=content_type)
            for i, (raw, content_type) in enumerate(bodies)
        ] + [models.JobArticle(job_id=job.id, position=i, article_id=a) for i, a in enumerate(article_ids)]
        session.add_all(rows)
        session.commit()
        return job.id, [row.id for row in rows if row.id is not None]


def unfinished(engine: Engine, job_id: int | None = None) -> list[int]:
    """Ids of the job articles not finished (of one job, or of all): those to send again after a loss."""
    with Session(engine) as session:
        stmt = select(models.JobArticle.id).where(col(models.JobArticle.status).not_in(FINISHED))
        if job_id is not None:
            stmt = stmt.where(models.JobArticle.job_id == job_id)
        return [i for i in session.exec(stmt.order_by(col(models.JobArticle.id))) if i is not None]


def take(engine: Engine, item_id: int) -> Taken | None:
    """Mark a job article running and return it; None when it is finished (a redelivery) or gone."""
    with Session(engine) as session:
        row = session.get(models.JobArticle, item_id)
        if row is None or row.status in FINISHED:
            return None
        job = session.get(models.Job, row.job_id)
        now = models.utcnow()
        row.status, row.attempts = "running", row.attempts + 1
        row.started_at = row.started_at or now
        taken = Taken(
            id=item_id,
            kind=job.kind if job is not None else "ingest",
            body=row.body,
            content_type=row.content_type,
            article_id=row.article_id,
            first_started=utc(row.started_at),
            attempts=row.attempts,
        )
        session.commit()
        return taken


def finish(
    engine: Engine, item_id: int, *, status: str, article_id: int | None = None, problem: dict | None = None
) -> None:
    """Record a job article's outcome; its body is dropped, the article (or its problem) says the rest."""
    with Session(engine) as session:
        row = session.get(models.JobArticle, item_id)
        if row is None:
            return
        row.status, row.problem, row.body = status, problem, None
        row.article_id = article_id if article_id is not None else row.article_id
        row.finished_at = models.utcnow()
        session.commit()


def job_public(session: Session, job: models.Job) -> Job:
    """A job in its public shape, its status made from its articles' own."""
    rows = session.exec(
        select(models.JobArticle)
        .where(models.JobArticle.job_id == job.id)
        .order_by(col(models.JobArticle.position))
    ).all()
    counts = Counter(row.status for row in rows)
    finished = sum(counts[s] for s in FINISHED)
    first_problem = next((row.problem for row in rows if row.status == "failed"), None)
    if finished == len(rows):
        status = "failed" if counts["failed"] == len(rows) else "done"
    else:
        status = "queued" if counts["queued"] == len(rows) else "running"
    return Job(
        id=job.id,
        kind=job.kind,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        created_at=job.created_at,
        total=job.total,
        finished=finished,
        stored=[r.article_id for r in rows if r.status == "stored" and r.article_id is not None],
        duplicates=[r.article_id for r in rows if r.status == "duplicate" and r.article_id is not None],
        failed=counts["failed"],
        problem=first_problem if status == "failed" else None,
        articles=[
            JobArticle(
                position=r.position,
                status=r.status,  # type: ignore[arg-type]
                article=r.article_id
                if r.status in ("stored", "duplicate") or job.kind == "reextract"
                else None,
                problem=r.problem,
                attempts=r.attempts,
            )
            for r in rows
        ],
    )


def list_jobs(
    session: Session, *, limit: int, cursor: str | None
) -> tuple[list[models.Job], int, str | None]:
    """A page of jobs, oldest first."""
    count = session.exec(select(func.count()).select_from(models.Job)).one()
    stmt = select(models.Job)
    position = decode_cursor(cursor, listing="job")
    if position is not None:
        stmt = stmt.where(col(models.Job.id) > position[2])
    rows = list(session.exec(stmt.order_by(col(models.Job.id)).limit(limit + 1)))
    return page(rows, limit, count, "job")


def status_counts(engine: Engine, job_ids: Sequence[int]) -> dict[str, int]:
    """How many articles of these jobs are in each status: what a progress bar shows."""
    with Session(engine) as session:
        rows = session.exec(
            select(models.JobArticle.status, func.count())
            .where(col(models.JobArticle.job_id).in_(job_ids))
            .group_by(models.JobArticle.status)
        ).all()
    return {status: n for status, n in rows}


def utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment as an aware UTC datetime: SQLite hands it back naive (written in UTC), PostgreSQL aware."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
