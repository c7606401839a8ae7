"""Logging: the access log is one JSON line per request on stderr, errors with their trace.

A request that fails is logged once, with its request id: our error handler logs it, and
the copy the server logs (Starlette re-raises the error after answering the 500, and
uvicorn logs "Exception in ASGI application" without any id) is dropped.
"""

from __future__ import annotations

import contextlib
import logging
import sys

LOGGED = "_factsapi_logged"


def configure_logging(level: str = "INFO") -> None:
    """Send the factsapi loggers to stderr once, at the given level."""
    logger = logging.getLogger("factsapi")
    logger.setLevel(level.upper())
    if not any(getattr(h, "_factsapi", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._factsapi = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    server = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, LoggedOnce) for f in server.filters):
        server.addFilter(LoggedOnce())


def mark_logged(exc: BaseException) -> None:
    """Note that this error's traceback is in our log, so the server need not repeat it."""
    # an exception type with __slots__ takes no mark: logged twice then, never lost
    with contextlib.suppress(AttributeError):
        setattr(exc, LOGGED, True)


class LoggedOnce(logging.Filter):
    """Drop the server's record of an error whose traceback we logged already."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not getattr(exc, LOGGED, False)
