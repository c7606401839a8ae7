"""Jobs: articles sent to be stored later, and what became of each (`Prefer: respond-async`, batches)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
import orjson
from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse

from .. import models
from ..auth import require_writer
from ..config import get_settings
from ..db import get_engine, new_session
from ..errors import BadBatch, NotFound, PayloadTooLarge, ServiceUnavailable, UnsupportedMediaType
from ..jobs.enqueue import submit
from ..jobs.queue import unreachable_errors
from ..jobs.records import job_public, list_jobs
from ..models import MAX_ID
from ..schemas import Page
from ..schemas.jobs import Job
from .deps import PagingDep, problem_responses

router = APIRouter(tags=["jobs"])
# `{id}`, as every path names its id (the vocabulary); `job_id` in Python, where `id` is a builtin
JobId = Annotated[int, Path(alias="id", ge=1, le=MAX_ID, description="The job's id")]
BATCH_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")

# an article as JSON, alone (POST /v1/articles) or in a batch
ARTICLE_OBJECT: dict[str, Any] = {
    "type": "object",
    "required": ["text", "published"],
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "published": {"type": "string", "format": "date"},
        "title": {"type": ["string", "null"]},
        "source": {"type": ["string", "null"]},
        "url": {"type": ["string", "null"]},
    },
}
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "Accepted: the job is queued; `Location` is where to follow it",
        "model": Job,
        "headers": {"Location": {"description": "/v1/jobs/{id}", "schema": {"type": "string"}}},
    }
}
PROBLEMS = problem_responses(
    (401, "No API key sent"),
    (403, "Wrong API key, or writes disabled"),
    (413, "Body over MAX_BATCH_BYTES, or more than MAX_BATCH_ARTICLES articles"),
    (415, "Not a JSON array or NDJSON"),
    (422, "Not a list of article objects (`bad-batch`)"),
    (503, "The broker or the database cannot take the job; nothing was queued"),
)
BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media: {
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": ARTICLE_OBJECT,
                }
                if media == "application/json"
                else {"type": "string", "description": "one article object (as JSON) a line"},
            }
            for media in ("application/json", "application/x-ndjson")
        },
    }
}


@router.get("/v1/jobs", response_model=Page[Job], summary="List jobs")
def list_all(paging: PagingDep) -> Page[Job]:
    """Every job, oldest first, each with its status and its articles' outcomes."""
    with new_session() as session:
        rows, count, nxt = list_jobs(session, limit=paging.limit, cursor=paging.cursor)
        page = Page(data=[job_public(session, row) for row in rows], count=count, next=nxt)
    paging.link(nxt)
    return page


@router.get("/v1/jobs/{id}", response_model=Job, summary="Get a job")
def get_one(job_id: JobId) -> Job:
    """A job: `queued`, `running`, `done` (the stored article ids, duplicates named as such) or
    `failed` (the problem POST /v1/articles would have answered). Poll it with `If-None-Match`:
    its ETag moves only when something did."""
    with new_session() as session:
        job = session.get(models.Job, job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        return job_public(session, job)


@router.post(
    "/v1/articles/batch",
    status_code=202,
    summary="Ingest many articles as a job",
    openapi_extra=BATCH_BODY,
    dependencies=[Depends(require_writer)],
    responses={**ACCEPTED, **PROBLEMS},
)
async def create_job(request: Request) -> Response:
    """Queue many articles, as a JSON array of article objects or NDJSON (one a line).

    202 at once, with `Location: /v1/jobs/{id}`: workers read, extract and store each
    article; one that fails is that article's problem in the job, never the batch's end.
    """
    from .articles import read_limited

    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in BATCH_TYPES:
        raise UnsupportedMediaType("send the batch as application/json (an array) or application/x-ndjson")
    settings = get_settings()
    raw = await read_limited(request, settings.max_batch_bytes)
    # parsing megabytes of JSON is CPU work: off the event loop
    bodies = await anyio.to_thread.run_sync(batch_bodies, raw, media_type != "application/json")
    if len(bodies) > settings.max_batch_articles:
        raise PayloadTooLarge(
            f"the batch holds {len(bodies)} articles; the limit is {settings.max_batch_articles}",
            limit_articles=settings.max_batch_articles,
        )
    return await accepted(request, bodies)


def batch_bodies(raw: bytes, lines: bool) -> list[tuple[bytes, str]]:
    """Each article of a batch as the JSON body a POST would send; 422 when it is not a list of objects."""
    try:
        items = (
            [orjson.loads(line) for line in raw.splitlines() if line.strip()] if lines else orjson.loads(raw)
        )
    except orjson.JSONDecodeError as exc:  # orjson refuses nesting past 1,024 levels, lone surrogates
        raise BadBatch(f"the batch is not valid JSON: {exc}") from exc
    if not isinstance(items, list) or not items:
        raise BadBatch("send a non-empty JSON array of article objects, or one article object a line")
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise BadBatch(f"article {position} of the batch is not an object", position=position)
    # each article is read by a worker under its budget, as a POST's body is
    return [(orjson.dumps(item), "application/json") for item in items]


async def accepted(request: Request, bodies: list[tuple[bytes, str]]) -> Response:
    """Record and send a job, and answer 202 with where to follow it."""

    def queue() -> Job:
        try:
            job_id = submit(get_engine(), bodies=bodies)
        except unreachable_errors() as exc:
            raise ServiceUnavailable(f"the job queue cannot be reached: {type(exc).__name__}") from exc
        with new_session() as session:
            job = session.get(models.Job, job_id)
            assert job is not None
            return job_public(session, job)

    job = await anyio.to_thread.run_sync(queue, limiter=request.app.state.writes)
    return JSONResponse(
        job.model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/v1/jobs/{job.id}", "Preference-Applied": "respond-async"},
    )


def prefers_async(request: Request) -> bool:
    """Whether the client sent `Prefer: respond-async` (RFC 7240), among other preferences or alone."""
    for header in request.headers.getlist("prefer"):
        for preference in header.split(","):
            if preference.split(";")[0].split("=")[0].strip().lower() == "respond-async":
                return True
    return False
