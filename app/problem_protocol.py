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

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from .errors import PROBLEM_JSON, MalformedRequest


class ProblemAnswers:
    """For a uvicorn HTTP protocol: its own 400, for a request it cannot read, as problem+json."""

    transport: asyncio.Transport
    server_state: ServerState

    def send_400_response(self, msg: str) -> None:
        body = json.dumps(
            {
                "type": MalformedRequest.type,
                "title": "Bad Request",
                "status": 400,
                "detail": f"{msg.rstrip('.')}: the request is not HTTP/1.1 the server can read",
            }
        ).encode()
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: " + PROBLEM_JSON.encode() + b"\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"x-content-type-options: nosniff\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


class ProblemHTTPProtocol(ProblemAnswers, HttpToolsProtocol):
    """uvicorn's httptools protocol (what its "auto" picks; the lock installs httptools), answering as above."""
