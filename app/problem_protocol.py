"""uvicorn's HTTP protocol, with the 400 it answers on its own sent as problem+json.

A request uvicorn cannot parse (a header line with no colon, a control byte in the path)
never reaches the app: uvicorn answers it with a text/plain 400 itself, and only the
protocol class can change that body. `ProblemAnswers` does, for any protocol class
`factsapi serve` runs (mix it in before uvicorn's). It overrides `send_400_response`, a
method of uvicorn's protocols rather than a documented interface:
tests/test_server_answers.py fails if an upgrade renames it.
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus

from uvicorn.server import ServerState

from .errors import PROBLEM_JSON, MalformedRequest


def problem_answer(
    status: int, detail: str, kind: str, headers: list[tuple[bytes, bytes]] | None = None
) -> bytes:
    """A whole HTTP/1.1 problem+json answer that closes the connection, for the protocol to write itself."""
    phrase = HTTPStatus(status).phrase
    body = json.dumps({"type": kind, "title": phrase, "status": status, "detail": detail}).encode()
    head = [f"HTTP/1.1 {status} {phrase}\r\n".encode()]
    head += [name + b": " + value + b"\r\n" for name, value in headers or []]
    head += [
        b"content-type: " + PROBLEM_JSON.encode() + b"\r\n",
        b"content-length: " + str(len(body)).encode() + b"\r\n",
        b"x-content-type-options: nosniff\r\n",
        b"connection: close\r\n\r\n",
    ]
    return b"".join(head) + body


class ProblemAnswers:
    """For a uvicorn HTTP protocol: its own 400, for a request it cannot read, as problem+json."""

    transport: asyncio.Transport
    server_state: ServerState

    def send_400_response(self, msg: str) -> None:
        detail = f"{msg.rstrip('.')}: the request is not HTTP/1.1 the server can read"
        self.transport.write(
            problem_answer(400, detail, MalformedRequest.type, self.server_state.default_headers)
        )
        self.transport.close()
