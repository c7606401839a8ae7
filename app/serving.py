"""uvicorn's HTTP protocol, with the 400 it answers on its own sent as problem+json.

A request uvicorn cannot parse (a header line with no colon, a control byte in the path)
never reaches the app: uvicorn answers it with a text/plain 400 itself. Only the
protocol class can change that body; `factsapi serve` runs uvicorn with this one.
It overrides `send_400_response`, a method of uvicorn's protocols rather than a
documented interface: tests/test_server_answers.py fails if an upgrade renames it.
"""

from __future__ import annotations

import json

from .errors import PROBLEM_JSON, MalformedRequest

try:  # what uvicorn's "auto" picks: httptools when installed (the lock has it), else h11
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Protocol
except ImportError:  # pragma: no cover
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Protocol  # type: ignore[assignment]


class ProblemHTTPProtocol(_Protocol):
    """uvicorn's HTTP/1.1 protocol, whose own 400 for a request it cannot read is problem+json."""

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
