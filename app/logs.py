"""Logging: the access log is one JSON line per request on stderr, errors with their trace."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str = "INFO") -> None:
    """Send the factsapi loggers to stderr once, at the given level."""
    logger = logging.getLogger("factsapi")
    logger.setLevel(level.upper())
    if not any(getattr(h, "_factsapi", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._factsapi = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
