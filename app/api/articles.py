"""Articles: ingest one over HTTP, list them, and read one's facts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BeforeValidator, Field
from sqlmodel import select
from starlette.requests import ClientDisconnect

from .. import models
from ..auth import require_writer
from ..config import get_settings
from ..db import get_engine, new_session
from ..errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from ..extract.text.article import ArticleFormatError
from ..extract_worker import ExtractionCancelled, ExtractionFailed
from ..ingest import ingest_body
from ..jobs.problems import article_problem
from ..models import MAX_ID
from ..queries.article_list import ARTICLE_FACT_FILTERS, ArticleQuery, list_articles
from ..queries.articles import article_public, get_article, stored_document
from ..queries.filters import MAX_VALUES, Day, FilterQuery, Moment, filter_dependency, split_values
from ..schemas import (
    Article,
    ArticleCreated,
    ArticleDetail,
    FactCounts,
    FactsDocument,
    Page,
    Segment,
)
from ..store import delete_article
from .deps import PagingDep, problem_responses
from .jobs import ACCEPTED, ARTICLE_OBJECT, accepted, prefers_async
from .lookups import IdsDep

router = APIRouter(prefix="/v1/articles", tags=["articles"])
T = TypeVar("T")
CLIENT_CLOSED_REQUEST = 499  # nginx's status for a client that left before its answer: logged, never sent
ArticleId = Annotated[int, Path(alias="id", ge=1, le=MAX_ID, description="The article's id")]

ARTICLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {
                # the seed format: its date line, then the text
                "schema": {"type": "string", "pattern": r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+\S"},
                "example": " date 2022-03-31 Kremlin spokesman Dmitry Peskov said that the U.S. is wrong.",
            },
            "application/json": {
                "schema": ARTICLE_OBJECT,
                "example": {"text": "Kremlin spokesman Dmitry Peskov said ...", "published": "2022-03-31"},
            },
        },
    }
}


WRITE_ERRORS = problem_responses(
    (401, "No API key sent"),
    (403, "Wrong API key, or writes disabled"),
    (413, "Body too large"),
    (415, "Not text/plain or application/json, or not UTF-8"),
    (503, "The database cannot take writes (deleted, replaced or read-only); nothing was stored"),
)


ArticleFilterDep = Annotated[
    FilterQuery, Depends(filter_dependency(figures=True, only=ARTICLE_FACT_FILTERS, sortable=False))
]
# written out as `several` builds it, for mypy, which takes no type made by a call
SourceQuery = Annotated[
    Annotated[list[Annotated[str, Field(max_length=200)]], Field(min_length=1, max_length=MAX_VALUES)] | None,
    BeforeValidator(split_values),
    Query(
        description="Articles of this source (as stored, e.g. `AP`); several (repeated or comma-separated) match any"
    ),
]


@router.get("", response_model=Page[Article], summary="List articles")
def list_all(
    paging: PagingDep,
    ids: IdsDep,
    facts: ArticleFilterDep,
    since: Annotated[
        Moment | None,
        Query(
            description="Only articles stored after this time (ISO 8601, UTC unless an offset is given): "
            "pass the latest `created_at` a client holds to fetch what was ingested since"
        ),
    ] = None,
    published_from: Annotated[
        Day | None, Query(alias="from", description="Published on or after this day")
    ] = None,
    published_to: Annotated[
        Day | None, Query(alias="to", description="Published on or before this day")
    ] = None,
    source: SourceQuery = None,
    title: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="A word of the title (from a word's start)"),
    ] = None,
    sort: Annotated[
        Literal["id", "-id", "published", "-published"],
        Query(description="Order: by id (ingest order) or by published day (then id); '-' reverses"),
    ] = "id",
) -> Page[Article]:
    """Stored articles, oldest ingest first; `ids=1,2,3` fetches several in one request;
    `since=` only those stored after a client's last sync.

    `from` / `to` (published days), `source`, `title` (a word of it) and the fact filters
    `person`, `organization`, `place`, `category` (articles holding a fact they keep) narrow
    the list; `sort=published` (or `-published`) orders it by day. Each article carries how
    many `quotes`, `claims` and `figures` it holds under the fact filters.
    Example: `/v1/articles?from=2022-03-01&place=Mykolaiv&sort=-published`.
    """
    if published_from and published_to and published_from > published_to:
        raise BadRequest(f"'from' ({published_from}) is after 'to' ({published_to})", parameter="from")
    with new_session() as session:
        query = ArticleQuery(
            ids=ids,
            since=since,
            published_from=published_from,
            published_to=published_to,
            sources=tuple(source) if source else None,
            title=title.strip() or None if title else None,
            facts=facts.resolve(session),
            sort=sort,
        )
        rows, count, nxt, counts = list_articles(session, query, limit=paging.limit, cursor=paging.cursor)
        data = [article_public(r).model_copy(update=counts[r.id]) for r in rows]
        page = Page(data=data, count=count, next=nxt)
    paging.link(nxt)
    return page


@router.get("/{id}", response_model=ArticleDetail, summary="Get an article")
def get_one(
    article_id: ArticleId,
    include: Annotated[
        Literal["text"] | None, Query(description="`text`: add the text and its segments")
    ] = None,
) -> ArticleDetail:
    """One article's metadata; with `include=text` its text and segments, so facts' spans can be shown."""
    with new_session() as session:
        row = get_article(session, article_id)
        detail = ArticleDetail(**article_public(row).model_dump())
        if include == "text":
            segments = session.exec(
                select(models.Segment)
                .where(models.Segment.article_id == row.id)
                .order_by(models.Segment.position)  # type: ignore[arg-type]
            ).all()
            detail.text = row.text
            detail.segments = [Segment.model_validate(s, from_attributes=True) for s in segments]
        return detail


@router.get("/{id}/facts", response_model=FactsDocument, summary="Get an article's facts")
def get_facts(article_id: ArticleId) -> FactsDocument:
    """Every fact of one article: people, places, organizations, quotes, claims, figures, dates."""
    with new_session() as session:
        return stored_document(session, get_article(session, article_id))


@router.post(
    "",
    response_model=ArticleCreated,
    status_code=201,
    summary="Ingest an article",
    openapi_extra=ARTICLE_BODY,
    dependencies=[Depends(require_writer)],
    responses={
        200: {"model": ArticleCreated, "description": "The same content was ingested before"},
        **ACCEPTED,
        **WRITE_ERRORS,
        413: {**WRITE_ERRORS[413], "description": "Body too large, or text over MAX_ARTICLE_CHARS"},
        422: {
            **WRITE_ERRORS[413],
            "description": "Unreadable article, or reading and extraction over EXTRACTION_TIMEOUT or "
            "EXTRACTION_MEMORY_MB",
        },
        503: {
            **WRITE_ERRORS[413],
            "description": "The extraction worker died, or the database cannot take writes; nothing was stored",
        },
    },
)
async def create(request: Request, response: Response) -> ArticleCreated:
    """Ingest an article sent as `text/plain` (seed format) or `application/json`.

    201 with the new article and its fact counts; 200 with the stored one when the same
    content (text and date) was ingested before. With `Prefer: respond-async`, 202 at once
    and `Location: /v1/jobs/{id}`, where the same outcome is told when a worker has it.
    """
    content_type = article_media_type(request.headers.get("content-type", "text/plain"))
    try:
        raw = await read_limited(request, get_settings().max_body_bytes)
    except ClientDisconnect:  # gone mid-upload: no answer to give, and no bug to log
        return Response(status_code=CLIENT_CLOSED_REQUEST)  # type: ignore[return-value]
    if prefers_async(request):  # RFC 7240: a job to follow at Location, not a held connection
        return await accepted(request, [(raw, content_type)])  # type: ignore[return-value]
    # reading the body (its date, header, captions) and extraction are CPU work over
    # untrusted text: both run in worker processes under one budget, none on the event loop
    try:
        stored = await while_connected(request, ingest_body, get_engine(), raw, content_type=content_type)
    except ExtractionCancelled:
        return Response(status_code=CLIENT_CLOSED_REQUEST)  # type: ignore[return-value]
    except (ArticleFormatError, ExtractionFailed) as exc:
        # the same problem a job of this article records (app/jobs/problems.py)
        raise article_problem(exc) from exc
    if not stored.created:
        response.status_code = 200
    else:  # where the new article lives
        response.headers["Location"] = f"{router.prefix}/{stored.article.id}"
    return ArticleCreated(
        **article_public(stored.article).model_dump(),
        counts=FactCounts(**stored.counts),
        created=stored.created,
    )


async def while_connected(request: Request, work: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`work(*args, cancel=event, **kwargs)` on the extraction thread; the event is set if the client goes.

    A client that leaves gives the extraction slot back: the worker stops its article
    within a fraction of a second (ExtractionCancelled), and a request still queued for
    the slot gives it up as soon as it gets it, before any work.
    """
    cancel = threading.Event()

    async def watch() -> None:
        # the body was read: what the server receives next is the client's disconnect
        while (await request.receive())["type"] != "http.disconnect":
            pass
        cancel.set()

    # a task beside this one rather than a task group around the wait: at shutdown the
    # server cancels this request and gives it one turn of the loop to answer its 503
    watcher = asyncio.ensure_future(watch())
    try:
        # on a thread of its own, so that a burst of uploads queues there instead of
        # taking the threads that serve reads; abandon_on_cancel: at shutdown the request
        # is dropped at once, not after the article
        return await anyio.to_thread.run_sync(
            lambda: work(*args, cancel=cancel, **kwargs),
            limiter=request.app.state.extraction,
            abandon_on_cancel=True,
        )
    finally:
        watcher.cancel()


UTF8_NAMES = ("utf-8", "utf8", "us-ascii")  # ASCII text is UTF-8 text


def article_media_type(header: str) -> str:
    """text/plain or application/json, parameters aside; 415 for any other type or charset."""
    media_type, *params = (part.strip() for part in header.split(";"))
    media_type = media_type.lower()
    # exactly these two: "application/jsonp" or "text/plainfoo" are not JSON or text
    if media_type not in ("text/plain", "application/json"):
        raise UnsupportedMediaType("send the article as text/plain (seed format) or application/json")
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in UTF8_NAMES:
            raise UnsupportedMediaType(f"send the article as UTF-8 (charset=utf-8), not {value.strip()}")
    return media_type


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refusing one over the limit without reading it all."""
    declared = request.headers.get("content-length", "")
    # isdigit() is true of '²', and int() refuses 4,300+ digits: both were 500s
    huge = len(declared) > 18
    if declared.isascii() and declared.isdigit() and (huge or int(declared) > limit):
        raise PayloadTooLarge(f"the body is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
    return bytes(body)


@router.delete(
    "/{id}",
    status_code=204,
    summary="Delete an article",
    dependencies=[Depends(require_writer)],
    responses=WRITE_ERRORS,
)
async def delete(request: Request, article_id: ArticleId) -> Response:
    """Remove an article, its facts, and the entities no other article mentions."""
    # on a thread of its own, as a POST's write: waiting for the write lock holds no read thread
    await anyio.to_thread.run_sync(delete_by_id, article_id, limiter=request.app.state.writes)
    return Response(status_code=204)


def delete_by_id(article_id: int) -> None:
    with new_session() as session:
        delete_article(session, get_article(session, article_id))
