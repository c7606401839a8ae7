"""The explorer page at /explore (static files built only on the public API), and the landing page at /."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

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


@router.api_route("/", methods=["GET", "HEAD"])
def landing() -> HTMLResponse:
    """Links to the explorer and the API reference."""
    return HTMLResponse(LANDING)


@router.api_route("/explore", methods=["GET", "HEAD"])
def explore() -> RedirectResponse:
    """The explorer's folder, so that its relative asset URLs resolve under it."""
    return RedirectResponse("explore/", status_code=308)


router.mount("/explore", ExplorerFiles(directory=ASSETS, html=True), name="explore")
