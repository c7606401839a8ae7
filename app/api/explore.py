"""The explorer page at /explore (static files built only on the public API), and the landing page at /."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import problem

ASSETS = Path(__file__).resolve().parent.parent / "explore"

# The explorer runs its own scripts, styles and fetches, all from this origin and none
# inline: the API's `default-src 'none'` would block it, so it gets a policy of its own
# (middleware leaves /explore alone) that still refuses every other origin.
EXPLORER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>factsapi</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>factsapi</h1>
<p>News articles in, facts out: claims, casualty figures, quotes, people, places, organizations.</p>
<ul>
<li><a href="explore/">Explorer</a>: the facts on a map, on a timeline, in their sentences</li>
<li><a href="docs">API reference</a> (Swagger UI)</li>
<li><a href="redoc">API reference</a> (ReDoc)</li>
<li><a href="openapi.json">OpenAPI document</a></li>
</ul></body></html>
"""

router = APIRouter(include_in_schema=False)


class ExplorerFiles(StaticFiles):
    """Static files with the explorer's content security policy on every answer."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["content-security-policy"] = EXPLORER_CSP
        return response


class FileProblems:
    """Static files whose own errors are problem+json with their headers, as the API's are.

    Starlette's files answer a Range they cannot serve with a text/plain 400 or 416 of
    their own, and the app's handler gives a 405 the methods of the app's routes, which
    under a mount serve none: its Allow went out empty.
    """

    def __init__(self, files: ASGIApp) -> None:
        self.files = files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refused: Message | None = None

        async def as_problem(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] >= 400 and _plain(message):
                refused = message  # its body is the text to send as the problem's detail
                return
            if refused is None:
                await send(message)
                return
            if message.get("more_body"):
                return
            await self._problem(scope, receive, send, refused, message.get("body", b""))

        try:
            await self.files(scope, receive, as_problem)
        except HTTPException as exc:
            if exc.status_code != 405:
                raise  # a 404 goes to the app's handler, like any other
            detail = "a file is read with GET or HEAD"
            await problem(Request(scope), 405, detail, headers=dict(exc.headers or {}))(scope, receive, send)

    @staticmethod
    async def _problem(scope: Scope, receive: Receive, send: Send, refused: Message, body: bytes) -> None:
        status = refused["status"]
        kept = {k.decode("latin-1"): v.decode("latin-1") for k, v in refused["headers"] if k in KEPT_HEADERS}
        # Starlette's 416 has no text: its Content-Range says the file's size
        detail = body.decode("utf-8", "replace").strip() or "no part of the file is in the range asked for"
        await problem(Request(scope), status, detail, headers=kept)(scope, receive, send)


# what a refused file's answer says that its problem keeps: a 416's file size
KEPT_HEADERS = (b"content-range",)


def _plain(start: Message) -> bool:
    return any(k == b"content-type" and v.startswith(b"text/plain") for k, v in start["headers"])


@router.api_route("/", methods=["GET", "HEAD"])
def landing() -> HTMLResponse:
    """Links to the explorer and the API reference."""
    return HTMLResponse(LANDING)


@router.api_route("/explore", methods=["GET", "HEAD"])
def explore() -> RedirectResponse:
    """The explorer's folder, so that its relative asset URLs resolve under it."""
    return RedirectResponse("explore/", status_code=308)


router.mount("/explore", FileProblems(ExplorerFiles(directory=ASSETS, html=True)), name="explore")
