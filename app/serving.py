"""How `factsapi serve` holds a connection: a deadline for each request's head, and a cap on its size.

uvicorn (0.54) times a connection out only between requests (`timeout_keep_alive`, armed
when a response is complete). A client that connects and sends nothing, or sends a
request line and then a header byte now and then (slow-loris), is never timed out: each
holds a file descriptor until the process has none left, and then no one is served
(19,990 such connections took the server down for as long as they lasted, issue #21).
Nor does uvicorn's httptools protocol cap the size of a head (`h11_max_incomplete_event_size`
applies to h11 only).

So the protocol below is uvicorn's httptools protocol with one timer more: from the
connection (or a request's first byte) to the end of its headers, HEADER_TIMEOUT seconds;
past it, 408 and the connection closed. A head over MAX_HEADER_BYTES is answered 431 and
closed. What no single process can do (limit connections per client, buffer slow bodies)
is the reverse proxy's; README, "Deploying".
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .config import get_settings
from .errors import HeadersTooLarge, RequestTimeout
from .problem_protocol import ProblemAnswers, problem_answer

# the answers a server gives before any request is read, problem+json as every other, then close
TOO_SLOW = problem_answer(
    408, "the request's line and headers did not arrive within HEADER_TIMEOUT", RequestTimeout.type
)
TOO_LARGE = problem_answer(
    431, "the request's line and headers are over MAX_HEADER_BYTES", HeadersTooLarge.type
)


class BoundedHttpToolsProtocol(ProblemAnswers, HttpToolsProtocol):
    """uvicorn's httptools protocol (what its "auto" picks), with a deadline and a size cap for each
    request's head, answering what it refuses itself as problem+json."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self.header_timeout = settings.header_timeout
        self.max_header_bytes = settings.max_header_bytes
        self.head_deadline: asyncio.TimerHandle | None = None
        self.head_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()  # a connection that sends nothing is waiting for its first head

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_done()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.head_deadline is not None:
            self.head_bytes += len(data)
        super().data_received(data)
        # still inside a head after this chunk, and too much of it
        if self.head_deadline is not None and self.head_bytes > self.max_header_bytes:
            self._refuse(TOO_LARGE)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.head_deadline is None:  # the next request on a kept-alive connection
            self._await_head()

    def on_headers_complete(self) -> None:
        self._head_done()
        super().on_headers_complete()

    def _await_head(self) -> None:
        self.head_bytes = 0
        self.head_deadline = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _head_done(self) -> None:
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None

    def _head_too_slow(self) -> None:
        self.head_deadline = None
        if self.cycle is not None and not self.cycle.response_complete:
            # a pipelined head behind a response still being written: that response first
            self._await_head()
            return
        self._refuse(TOO_SLOW)

    def _refuse(self, answer: bytes) -> None:
        self._head_done()
        if not self.transport.is_closing():
            self.transport.write(answer)
            self.transport.close()
