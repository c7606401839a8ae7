"""Request ids, access logs as JSON lines, security headers, the names the server answers to.

Pure ASGI rather than BaseHTTPMiddleware: it adds nothing to the hot path but a few
header writes, and streaming responses pass through untouched.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import Settings, get_settings, host_name
from .errors import ServiceUnavailable, UntrustedHost, problem

log = logging.getLogger("factsapi.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"cross-origin"),
]
# the docs pages load their own scripts and styles; everything else is JSON
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")


class RequestContext:
    """Give every request an id (or keep a sane one the client sent) and log it when done."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers") or [])
        given = sent.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        responded = False
        path = scope.get("path", "")
        # HEAD is GET without the body: the routes are declared for GET only
        head = scope.get("method") == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope

        async def send_with_headers(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                if not path.startswith(("/docs", "/redoc", "/static", "/explore/")):
                    headers.append(API_CSP)
                if path in NEGOTIATED:
                    headers = vary_on_accept(headers)
                message["headers"] = headers
            elif head and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # the GET's length stays in Content-Length; its body is not sent
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        try:
            await self.app(inner, receive, send_with_headers)
        except asyncio.CancelledError:
            # the server cancels what still runs SHUTDOWN_GRACE_S after SIGTERM (nothing else
            # cancels a request from outside), and would answer it with a text/plain 500
            if not responded:
                detail = "the server is shutting down and did not finish this request: send it again"
                response = problem(Request(scope), 503, detail, kind=ServiceUnavailable.type)
                await response(scope, receive, send_with_headers)
            raise
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(
                    json.dumps(
                        _record(scope, request_id, status, time.perf_counter() - started),
                        separators=(",", ":"),
                    )
                )


class TrustedHosts:
    """Answer only requests for a name the server is known by: what defeats DNS rebinding.

    Once a name its attacker controls resolves to this machine, a page on that name is
    same-origin with the server in its browser: it sends the name as Host and as Origin,
    and needs no CORS to write. So a Host that is not in ALLOWED_HOSTS, not an IP address
    and not the address the request came in on is a 400 before any route runs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = request_host(scope)
        if known_host(host, scope, get_settings()):
            await self.app(scope, receive, send)
            return
        detail = f"this server does not answer to the name {host[:100]!r}: add it to ALLOWED_HOSTS"
        response = problem(Request(scope), UntrustedHost.status, detail, kind=UntrustedHost.type)
        await response(scope, receive, send)


def request_host(scope: Scope) -> str:
    """The request's Host header, as sent ("" without one)."""
    for name, value in scope.get("headers") or ():
        if name == b"host":
            return value.decode("latin-1")
    return ""


def known_host(host: str, scope: Scope, settings: Settings, *, any_host: bool = True) -> bool:
    """Whether the server answers to this Host: listed, an address, or the one the request came in on.

    With any_host=False, `*` in ALLOWED_HOSTS does not count: what may stand for the
    server's own origin (a write's same-origin check, loopback writes) is only a name it
    was given, never one it lets through unchecked.
    """
    name = host_name(host)
    if not name:
        return False
    allowed = settings.allowed_hosts
    if name in allowed or (any_host and "*" in allowed):
        return True
    if any(pattern.startswith("*.") and name.endswith(pattern[1:]) for pattern in allowed):
        return True
    # an address cannot be rebound: a page whose origin is an IP address is served from it
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
        return True
    except ValueError:
        pass
    # the address the request came in on (TestClient calls it `testserver`)
    server = scope.get("server")
    if server and name == host_name(str(server[0])):
        return True
    public = settings.public_url
    return public is not None and name == host_name(urlsplit(public).netloc)


# the lists whose representation Accept picks (JSON, GeoJSON, CSV, NDJSON): a cache must
# key them on Accept too, or hand a CSV client the JSON it stored for another
NEGOTIATED = frozenset({"/v1/quotes", "/v1/claims", "/v1/figures", "/v1/facts", "/v1/places"})


def vary_on_accept(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers with Accept added to Vary (kept beside Origin, Accept-Encoding)."""
    values = [v.decode("latin-1") for k, v in headers if k.lower() == b"vary"]
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    if any(n.lower() in ("accept", "*") for n in names):
        return headers
    kept = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return [*kept, (b"vary", ", ".join([*names, "Accept"]).encode("latin-1"))]


# parameter names a credential goes by when a client puts it in the URL: api_key, apikey,
# key, token, access_token, X-Api-Key, client_secret, password, sig, ...
SECRET_PARAM = re.compile(
    r"(?:\A|[-_.])(?:api-?key|key|(?:access-?|refresh-?|id-?)?token|auth|authorization|bearer"
    r"|secret|password|passwd|pwd|signature|sig|session|credentials?|jwt)\Z"
    r"|\A(?:apikey|accesstoken|apitoken|authtoken)\Z",
    re.IGNORECASE,
)


def _record(scope: Scope, request_id: str, status: int, seconds: float) -> dict[str, Any]:
    # the query string is logged with credentials blanked; the Authorization header never is
    return {
        "request_id": request_id,
        "method": scope.get("method"),
        "path": scope.get("path"),
        "query": redacted(scope.get("query_string", b"").decode("latin-1"))[:500],
        "status": status,
        "ms": round(seconds * 1000, 2),
    }


def redacted(query: str) -> str:
    """The query string with the value of every credential-like parameter blanked."""
    if not query:
        return query
    pairs = query.split("&")
    for i, pair in enumerate(pairs):
        name, eq, _value = pair.partition("=")
        if eq and SECRET_PARAM.search(unquote_plus(name).strip()):
            pairs[i] = f"{name}=[redacted]"
    return "&".join(pairs)
