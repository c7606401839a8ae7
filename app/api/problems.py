"""The pages the problem `type` URIs point to: `/problems/unknown-name` is its row of the
table in docs/errors.md, on this server (a relative `type` resolves against the request's URL),
not on a domain the project does not own."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from ..errors import PROBLEMS, NotFound

router = APIRouter(prefix=PROBLEMS.rstrip("/"), include_in_schema=False)
ERRORS_MD = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
ROW = re.compile(r"^\| `([a-z-]+)` \|(.*)\|\s*$")
CODE = re.compile(r"`([^`]+)`")


@functools.cache
def problem_rows() -> dict[str, list[str]]:
    """Each problem type's row of docs/errors.md: its name to its cells (status, when, extra fields)."""
    if not ERRORS_MD.exists():
        return {}
    rows = {}
    for line in ERRORS_MD.read_text(encoding="utf-8").splitlines():
        if found := ROW.match(line):
            rows[found[1]] = [cell.strip() for cell in found[2].split("|")]
    return rows


def _cell(text: str) -> str:
    return CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _page(title: str, names: list[str]) -> HTMLResponse:
    rows = problem_rows()
    body = "".join(
        f'<tr id="{name}"><td><code>{name}</code></td>{"".join(f"<td>{_cell(c)}</td>" for c in rows[name])}</tr>'
        for name in names
    )
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><h1>{html.escape(title)}</h1>"
        "<p>Errors are RFC 9457 problem details; switch on <code>type</code>. "
        f'All of them: <a href="{PROBLEMS}">{PROBLEMS}</a>.</p>'
        "<table><tr><th>type</th><th>Status</th><th>When</th><th>Extra fields</th></tr>"
        f"{body}</table>"
    )


@router.get("/", summary="Every problem type")
async def every_problem() -> HTMLResponse:
    """The table of docs/errors.md: every problem `type`, its status, when and its extra fields."""
    return _page("Problem types", list(problem_rows()))


@router.get("/{name}", summary="One problem type")
async def one_problem(name: Annotated[str, PathParam(max_length=100)]) -> HTMLResponse:
    """The row of docs/errors.md for one problem `type`."""
    if name not in problem_rows():
        raise NotFound(f"no problem type {name}; see {PROBLEMS}")
    return _page(f"{PROBLEMS}{name}", [name])
