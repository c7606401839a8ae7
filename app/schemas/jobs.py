"""Jobs: articles sent to be stored later (`Prefer: respond-async`, batches, `ingest --queue`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from .common import Id

JobStatus = Literal["queued", "running", "done", "failed"]
JobArticleStatus = Literal["queued", "running", "stored", "duplicate", "failed"]


class JobArticle(BaseModel):
    """One article of a job and what became of it."""

    position: int = Field(description="Its place in the request: 0 for the first article of a batch")
    status: JobArticleStatus = Field(
        description="`stored` (new, or re-extracted), `duplicate` (the same content was stored before: "
        "`article` is that one), `failed` (`problem` says why), else still `queued` or `running`"
    )
    article: int | None = Field(description="The stored article's id, once stored or found stored")
    problem: dict[str, Any] | None = Field(
        description="What POST /v1/articles would have answered for it (problem+json), once failed"
    )
    attempts: int = Field(description="Times a worker took it: more than one after a retry or a redelivery")


class Job(BaseModel):
    """A job: its status, counts, and each article's outcome."""

    id: Id
    kind: Literal["ingest", "reextract"]
    status: JobStatus = Field(
        description="`queued` (no article taken yet), `running`, `done` (every article finished, at least "
        "one stored or a duplicate), `failed` (every article failed: `problem` is the first one's)"
    )
    created_at: dt.datetime
    total: int = Field(description="Articles in the job")
    finished: int = Field(description="Articles stored, found stored, or failed")
    stored: list[int] = Field(description="Ids of the articles this job stored (new or re-extracted)")
    duplicates: list[int] = Field(description="Ids of the articles it found stored before it")
    failed: int = Field(description="Articles that failed")
    problem: dict[str, Any] | None = Field(description="When the job failed: its first article's problem")
    articles: list[JobArticle] = Field(description="Each article, in the order sent")
