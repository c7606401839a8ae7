"""How a job article gets to a worker: a Dramatiq broker when BROKER_URL is set, else this process.

Dramatiq, for what CPU-bound jobs need (README, "Deploying"): a message is acknowledged
only after the actor returns, so one whose worker dies is delivered again (RabbitMQ at
once, when the connection drops; Redis once the worker's heartbeat is older than
BROKER_REDELIVERY_TIMEOUT); Retries with exponential backoff; a dead-letter queue
(`extraction.XQ`, after BROKER_QUEUE) for an article that fails every time; and each worker process runs one
thread that prefetches one message, so an article waits in the broker, where any idle
worker can take it, never behind another in a busy worker.

A message holds a `job_article` id only: the body waits in the database, which the
worker writes to anyway, and the broker carries no article text.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from ..config import get_settings
from ..db import get_engine
from .work import RETRYABLE, GaveUp, run_article

if TYPE_CHECKING:
    import dramatiq

ACTOR = "store_job_article"
log = logging.getLogger("factsapi.jobs")

_lock = threading.Lock()
_actor: dramatiq.Actor | None = None
_local: LocalWorker | None = None


def broker_actor() -> dramatiq.Actor:
    """This process's broker and the actor that stores a job article, made once from BROKER_URL."""
    global _actor
    with _lock:
        if _actor is None:
            _actor = _make_actor()
        return _actor


def _make_actor() -> dramatiq.Actor:
    import dramatiq
    from dramatiq.middleware import Retries, ShutdownNotifications

    settings = get_settings()
    url = settings.broker_url or ""
    # no TimeLimit: an article's time is EXTRACTION_TIMEOUT, enforced by killing its
    # extraction process; a thread interrupted mid-write would be worse than none
    middleware = [
        ShutdownNotifications(),
        Retries(
            max_retries=settings.job_retries,
            min_backoff=int(settings.job_backoff * 1000),
            max_backoff=int(settings.job_backoff_max * 1000),
            retry_when=should_retry,
        ),
    ]
    broker: dramatiq.Broker
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        # durable queues and persistent messages (Dramatiq's own); confirm_delivery: a send
        # returns once RabbitMQ has the message, so a 202 is never given for a lost one
        broker = RabbitmqBroker(url=url, confirm_delivery=True, middleware=middleware)
    elif url.startswith(("redis://", "rediss://", "unix://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(
            url=url,
            middleware=middleware,
            heartbeat_timeout=int(settings.broker_redelivery_timeout * 1000),
            # how often a fetch also hands dead workers' messages on: 1 in 20, not 1 in 1,000
            # (Dramatiq's default), so a lost article waits about the timeout, not many times it
            maintenance_chance=50_000,
        )
    else:
        raise ValueError("BROKER_URL must be amqp://... (RabbitMQ) or redis://... (Redis)")
    dramatiq.set_broker(broker)
    return dramatiq.actor(actor_name=ACTOR, queue_name=settings.broker_queue, broker=broker)(
        store_job_article
    )


def forget_broker() -> None:
    """Let the next send make its broker anew from the settings (after BROKER_URL changed: tests)."""
    global _actor
    with _lock:
        if _actor is not None:
            _actor.broker.close()
        _actor = None


def should_retry(retries: int, exc: BaseException) -> bool:
    """Retries' rule: the actor's Retry (a database away, or an extraction with tries left, which
    its row counts) always; GaveUp (its last try failed) never; a bug JOB_RETRIES times."""
    from dramatiq import Retry

    if isinstance(exc, GaveUp):
        return False
    if isinstance(exc, Retry):  # the actor's own: a database away, or a try left for extraction
        return True
    return retries < get_settings().job_retries


def store_job_article(item_id: int) -> None:
    """The actor: store one job article; a failure worth another try goes back to the broker with backoff."""
    import dramatiq

    try:
        run_article(get_engine(), item_id)
    except (DBAPIError, *RETRYABLE) as exc:
        # expected, and retried: one line, not the traceback Dramatiq logs for an unexpected error
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        log.warning("job article %s goes back to wait: %s: %s", item_id, type(exc).__name__, reason)
        raise dramatiq.Retry(reason) from exc


def send(item_ids: Iterable[int], engine: Engine | None = None) -> None:
    """Queue job articles: to the broker, or to this process's own extraction worker (storing into `engine`)."""
    if get_settings().broker_url:
        actor = broker_actor()
        for item_id in item_ids:
            actor.send(item_id)
        return
    here = _local_worker()
    for item_id in item_ids:
        here.put((engine or get_engine(), item_id))


class LocalWorker:
    """Without a broker: one daemon thread feeding this process's extraction worker, which POSTs share.

    A daemon, so a server stopping never waits for it: what it had not finished stays
    `queued` or `running` in the database, and the next start sends it again (`resume_here`).
    """

    def __init__(self) -> None:
        self.waiting: queue.SimpleQueue[tuple[Engine, int]] = queue.SimpleQueue()
        self.stopping = threading.Event()
        threading.Thread(target=self._loop, name="factsapi-jobs", daemon=True).start()

    def put(self, item: tuple[Engine, int]) -> None:
        self.waiting.put(item)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            engine, item_id = self.waiting.get()
            if not self.stopping.is_set():
                run_here(engine, item_id, self.stopping)


def _local_worker() -> LocalWorker:
    global _local
    with _lock:
        if _local is None:
            _local = LocalWorker()
        return _local


def stop_here() -> None:
    """Stop this process's job thread after its article (the server is stopping); the next send starts another."""
    global _local
    with _lock:
        if _local is not None:
            _local.stopping.set()
        _local = None


def run_here(engine: Engine, item_id: int, stopping: threading.Event) -> None:
    """Without a broker: the same work and the same retries, with backoff, in this process."""
    settings = get_settings()
    backoff, bugs = settings.job_backoff, 0
    while not stopping.is_set():
        try:
            run_article(engine, item_id)
            return
        except GaveUp:
            return
        except (DBAPIError, *RETRYABLE) as exc:  # the database away, or a try left: wait and go on
            log.warning("job article %s goes back to wait: %s: %s", item_id, type(exc).__name__, exc)
        except Exception:
            bugs += 1
            log.exception("job article %s failed", item_id)
            if bugs > settings.job_retries:
                return  # left `running`: the next start sends it again
        stopping.wait(backoff)
        backoff = min(backoff * 2, settings.job_backoff_max)


def resume_here() -> None:
    """Without a broker: send this process's worker the job articles a stopped server left unfinished."""
    from .records import unfinished

    if get_settings().broker_url:
        return  # the broker holds them, and hands a dead worker's on
    try:
        waiting = unfinished(get_engine())
    except DBAPIError:  # a database not migrated to 0013 has no jobs
        return
    send(waiting)


def unreachable_errors() -> tuple[type[BaseException], ...]:
    """What sending raises when the broker cannot be reached: the API's 503, nothing queued."""
    if not get_settings().broker_url:
        return ()
    import pika.exceptions
    import redis.exceptions
    from dramatiq.errors import BrokerError

    return (BrokerError, OSError, pika.exceptions.AMQPError, redis.exceptions.RedisError)
