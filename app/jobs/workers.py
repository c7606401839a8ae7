"""`factsapi worker --concurrency N`: N processes, each taking one job article at a time from the broker.

A process per article in flight, not threads: extraction is CPU under the GIL. Each
process loads the model once (in its extraction child, as the server does) before it
takes a message, and this parent replaces one that dies (the kernel's OOM killer, a
`kill -9`): what it held is delivered again by the broker, and stored once.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

log = logging.getLogger("factsapi.jobs")
STOP_GRACE_S = 30.0  # an article in flight may finish; past it, it goes back to the broker
POLL_S = 0.5


def run_workers(concurrency: int) -> int:
    """Run `concurrency` worker processes until SIGTERM or SIGINT; restart any that dies."""
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def stop(_signum: int, _frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def start(index: int) -> BaseProcess:
        process = context.Process(target=worker_main, name=f"factsapi-worker-{index}", daemon=False)
        process.start()
        return process

    processes = [start(i) for i in range(concurrency)]
    while not stopping.wait(POLL_S):
        for index, process in enumerate(processes):
            if not process.is_alive():
                print(
                    f"factsapi worker: process {process.pid} ended ({process.exitcode}); starting another",
                    file=sys.stderr,
                )
                processes[index] = start(index)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_S
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
    return 0


def worker_main() -> None:
    """One worker process: load the model, then take messages one at a time until SIGTERM."""
    import os

    import dramatiq

    from ..config import get_settings
    from ..extract_child import _die_with_parent
    from ..extract_worker import warm_up
    from ..logs import configure_logging
    from .queue import broker_actor

    _die_with_parent(os.getppid())  # a `kill -9` of `factsapi worker` leaves no worker behind
    configure_logging(get_settings().log_level)
    actor = broker_actor()
    warm_up()  # the model loads before the first message is taken, not while it waits
    worker = dramatiq.Worker(actor.broker, queues={actor.queue_name}, worker_threads=1, worker_timeout=200)
    # one message held per process: the next article waits in the broker for any idle worker
    worker.queue_prefetch = 1
    worker.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(POLL_S):  # a wait with a timeout lets the signal handler run
        pass
    # lets the article in flight finish (up to STOP_GRACE_S), then unacknowledged messages go back
    worker.stop(timeout=int(STOP_GRACE_S * 1000))
