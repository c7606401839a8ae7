"""Write access: POST and DELETE need the API key, sent as `Authorization: Bearer KEY`.

With no key configured, HTTP writes are refused (the CLI still ingests): safe by
default. `make run` opts into `ALLOW_LOOPBACK_WRITES` so a developer on this machine
can POST without a key; it admits only clients on the loopback interface.

A browser on this machine is such a client too, whatever page it shows, and it sends
a text/plain POST to another origin without asking first (no CORS preflight). So a
write that carries a foreign `Origin` is refused here, where write access is decided,
before the body is read: only the server's own pages and the origins in `CORS_ORIGINS`
may write, and under `CORS_ORIGINS=*` only a page that holds the key.

"The server's own" is the origin of a name it was given (ALLOWED_HOSTS, an IP address,
PUBLIC_URL), never of whatever Host a request sends: a page on a rebound name sends that
name as Host and as Origin, and must not pass for ours (nor count as a loopback client's
own page), even where `ALLOWED_HOSTS=*` lets every name in.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from fastapi import Request

from .config import Settings, get_settings
from .errors import Forbidden, Unauthorized
from .middleware import known_host

DEFAULT_PORTS = {"http": 80, "https": 443}


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
    _check_origin(request, settings, keyed=bool(key))
    if key:
        return
    if settings.allow_loopback_writes and _is_loopback(request) and _our_host(request, settings):
        return
    raise Forbidden(
        "writes over HTTP are disabled: set FACTS_API_KEY on the server (the CLI can always ingest)"
    )


def _check_origin(request: Request, settings: Settings, keyed: bool) -> None:
    """Refuse a write sent by a page of another origin than ours or those configured."""
    origin = request.headers.get("origin")
    if origin is None:
        return  # not sent by a page: curl and scripts send no Origin
    allowed = settings.cors_origins
    sender = _normal(origin)
    ours = {_normal(settings.public_url or "")}
    if _our_host(request, settings):
        ours.add(_normal(f"{request.url.scheme}://{request.headers.get('host', '')}"))
    if sender and (sender in ours or sender in {_normal(o) for o in allowed if o != "*"}):
        return
    if "*" in allowed and keyed:
        return  # any page may call the API, and this one holds the key
    raise Forbidden(
        f"writes from pages of origin {origin[:100]!r} are refused: "
        "add the origin to CORS_ORIGINS (and send the API key) to let it write"
    )


def _our_host(request: Request, settings: Settings) -> bool:
    """Whether the request's Host is a name the server was given, not one `*` let through."""
    return known_host(request.headers.get("host", ""), request.scope, settings, any_host=False)


def _normal(origin: str) -> str:
    """scheme://host:port in lower case with the port spelled out; "" for what is not an origin."""
    try:
        parts = urlsplit(origin.strip().lower())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return ""
    if not parts.scheme or not parts.hostname:
        return ""  # "null" (sandboxed frames, file: pages) matches nothing
    return f"{parts.scheme}://{parts.hostname}:{port}"


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
