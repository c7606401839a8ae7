"""One error base carrying its status, and one handler shaping every error body.

Every error leaves as RFC 9457 problem details (`application/problem+json`), whether
raised by our code, by request validation, or by a bug (500, with no stack trace).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from .db import DatabaseNotDurable, damaged_reason, locked, retry_after, unwritable_reason
from .logs import mark_logged

log = logging.getLogger("factsapi")
PROBLEM_JSON = "application/problem+json"


# Stable `type` URIs: a client switches on these, never on `title` or `detail` (docs/errors.md).
# Relative references (RFC 9457 3.1.1): they resolve against the request's URL, to this server's
# /problems/ pages (api/problems.py), where an absolute URI named a domain we do not own
PROBLEMS = "/problems/"


class APIError(Exception):
    """An error the client can act on; subclasses fix the status and the problem `type`."""

    status = 400
    type = PROBLEMS + "invalid-parameter"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class BadRequest(APIError):
    """A query or path value the client can correct (the base's 400, invalid-parameter)."""


class NotFound(APIError):
    status = 404
    type = PROBLEMS + "not-found"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail, **extra)
        if "suggestions" in extra:
            # only a name lookup offers suggestions: the name resolved to nothing, the path is fine
            self.type = UnknownName.type


class UnknownName(NotFound):
    type = PROBLEMS + "unknown-name"


def error_class(name: str, base: type[APIError], status: int, problem: str) -> type[APIError]:
    """An error class that only fixes its status and problem type: one row each, below."""
    return type(name, (base,), {"status": status, "type": PROBLEMS + problem, "__module__": __name__})


UnknownParameter = error_class("UnknownParameter", BadRequest, 400, "unknown-parameter")
BadCursor = error_class("BadCursor", BadRequest, 400, "bad-cursor")
# a Host the server is not known by (DNS rebinding): middleware.TrustedHosts
UntrustedHost = error_class("UntrustedHost", BadRequest, 400, "untrusted-host")
# a request uvicorn cannot parse, answered before the app sees it: problem_protocol.ProblemAnswers
MalformedRequest = error_class("MalformedRequest", BadRequest, 400, "malformed-request")
# request heads too slow (slow-loris) or too large, answered by serving.BoundedHttpToolsProtocol
RequestTimeout = error_class("RequestTimeout", APIError, 408, "request-timeout")
HeadersTooLarge = error_class("HeadersTooLarge", APIError, 431, "headers-too-large")
# the other statuses a route or middleware raises by name
Unauthorized = error_class("Unauthorized", APIError, 401, "unauthorized")
Forbidden = error_class("Forbidden", APIError, 403, "forbidden")
NotAcceptable = error_class("NotAcceptable", APIError, 406, "not-acceptable")
PayloadTooLarge = error_class("PayloadTooLarge", APIError, 413, "too-large")
UnsupportedMediaType = error_class("UnsupportedMediaType", APIError, 415, "unsupported-media-type")
Unprocessable = error_class("Unprocessable", APIError, 422, "extraction-timeout")  # ran over its time
OverMemory = error_class("OverMemory", APIError, 422, "extraction-memory")  # over EXTRACTION_MEMORY_MB
ServiceUnavailable = error_class("ServiceUnavailable", APIError, 503, "unavailable")
# extraction or the write of this article failed on its own content (the detail says how)
ArticleNotExtracted = error_class("ArticleNotExtracted", APIError, 422, "article-not-extracted")
# the article body could not be read; the detail says what to fix
ArticleFormatErrorProblem = error_class("ArticleFormatErrorProblem", APIError, 422, "bad-article")
# a batch (POST /v1/articles/batch) that is not a list of article objects
BadBatch = error_class("BadBatch", APIError, 422, "bad-batch")


# the type of an error raised by the framework rather than by us, by status
STATUS_TYPES = {
    400: BadRequest.type,
    401: Unauthorized.type,
    403: Forbidden.type,
    404: NotFound.type,
    405: PROBLEMS + "method-not-allowed",
    406: NotAcceptable.type,
    413: PayloadTooLarge.type,
    415: UnsupportedMediaType.type,
    500: PROBLEMS + "server-error",
    503: ServiceUnavailable.type,
}


def problem(
    request: Request,
    status: int,
    detail: str | None,
    headers: dict[str, str] | None = None,
    kind: str | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": kind or STATUS_TYPES.get(status, "about:blank"),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> str:
    """A 405's Allow: every method some route serves at this path (Starlette names one route's)."""
    routes = request.app.router.routes
    allowed = {
        method
        for method in METHODS
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes)
    }
    if "GET" in allowed:
        allowed.add("HEAD")  # served as GET without the body (middleware.RequestContext)
    return ", ".join(method for method in METHODS if method in allowed)


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of error through `problem`."""

    @app.exception_handler(APIError)
    async def api_error(request: Request, exc: APIError) -> JSONResponse:
        return problem(request, exc.status, exc.detail, kind=exc.type, **exc.extra)

    @app.exception_handler(DatabaseNotDurable)
    @app.exception_handler(DBAPIError)
    async def database_unwritable(request: Request, exc: Exception) -> JSONResponse:
        # the transaction was rolled back: say so with a 503 instead of a bare 500 (or a 201);
        # a read of a damaged file is a 503 too: the service is down, not the request wrong
        reason = unwritable_reason(exc)
        if reason is None:
            raise exc  # any other database error is a bug: the 500 handler logs it
        if damaged_reason(exc):
            request.app.state.damaged = reason  # /health says so from now on: a restore needs a restart
        detail = reason if request.method in ("GET", "HEAD") else f"nothing was stored: {reason}"
        log.error("503 on %s %s: %s", request.method, request.url.path, detail)
        # a lock is let go in seconds: say when to send the write again
        headers = {"Retry-After": str(retry_after())} if locked(exc) else None
        return problem(request, 503, detail, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"])
        if first["loc"][:1] == ["body"]:
            return problem(
                request, 422, f"{where}: {first['msg']}", kind=ArticleFormatErrorProblem.type, errors=errors
            )
        # a query, path or header value: name it, so a form can mark the field
        parameter = str(first["loc"][1]) if len(first["loc"]) > 1 else None
        return problem(
            request, 422, f"{where}: {first['msg']}", kind=BadRequest.type, errors=errors, parameter=parameter
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return problem(request, exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", None)
        log.exception("unhandled error on %s %s request_id=%s", request.method, request.url.path, request_id)
        mark_logged(exc)
        return problem(request, 500, "An unexpected error occurred; it has been logged.")
