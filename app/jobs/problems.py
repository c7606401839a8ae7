"""One failure of the write path as the problem `POST /v1/articles` answers: the route and a job share it."""

from __future__ import annotations

from typing import Any

from ..config import get_settings
from ..errors import (
    APIError,
    ArticleFormatErrorProblem,
    ArticleNotExtracted,
    OverMemory,
    PayloadTooLarge,
    ServiceUnavailable,
    Unprocessable,
)
from ..extract.text.article import ArticleFormatError
from ..extract_worker import (
    ArticleTooLong,
    ExtractionFailed,
    ExtractionOverMemory,
    ExtractionTimeout,
    WorkerLost,
)


def article_problem(exc: ArticleFormatError | ExtractionFailed) -> APIError:
    """The API error an article's failure to be read, extracted or stored is."""
    settings = get_settings()
    if isinstance(exc, ArticleFormatError):
        return ArticleFormatErrorProblem(str(exc))
    if isinstance(exc, ArticleTooLong):
        return PayloadTooLarge(str(exc), limit_chars=settings.max_article_chars)
    if isinstance(exc, ExtractionTimeout):
        # 422, not 503: the same article would go over the limit again, and a 503 invites
        # clients to retry it, each retry holding the extraction slot for the whole limit
        return Unprocessable(str(exc), limit_seconds=settings.extraction_timeout)
    if isinstance(exc, ExtractionOverMemory):
        return OverMemory(str(exc), limit_mb=settings.extraction_memory_mb)
    if isinstance(exc, WorkerLost):
        return ServiceUnavailable(str(exc))
    # this article's own text or values broke extraction or its write: sent again, it would
    # fail again, so a 4xx naming the fault rather than a 500 or a 503 that invites retries
    return ArticleNotExtracted(str(exc))


def problem_body(error: APIError, instance: str) -> dict[str, Any]:
    """The problem+json body of an error, as the API's one handler shapes it (errors.problem)."""
    from http import HTTPStatus

    return {
        "type": error.type,
        "title": HTTPStatus(error.status).phrase,
        "status": error.status,
        "detail": error.detail,
        "instance": instance,
        **error.extra,
    }
