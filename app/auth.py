"""Write access: POST and DELETE need the API key, sent as `Authorization: Bearer KEY`.

With no key configured, HTTP writes are refused (the CLI still ingests): safe by
default. `make run` opts into `ALLOW_LOOPBACK_WRITES` so a developer on this machine
can POST without a key; it admits only clients on the loopback interface.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Request

from .config import get_settings
from .errors import Forbidden, Unauthorized


async def require_writer(request: Request) -> None:
    """Let the request write, or raise 401/403 saying why not."""
    settings = get_settings()
    key = settings.facts_api_key
    given = _bearer(request.headers.get("authorization"))
    if key:
        if given is None:
            raise Unauthorized("this endpoint needs 'Authorization: Bearer <FACTS_API_KEY>'")
        # constant-time comparison: response timing must not reveal how much of a key matched
        if not hmac.compare_digest(given.encode(), key.encode()):
            raise Forbidden("the API key is not valid")
        return
    if settings.allow_loopback_writes and _is_loopback(request):
        return
    raise Forbidden(
        "writes over HTTP are disabled: set FACTS_API_KEY on the server (the CLI can always ingest)"
    )


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _is_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
