"""Real brokers, real worker processes, a real database: what the fault tests share.

RabbitMQ is the machine's own (amqp://guest:guest@127.0.0.1:5672), each test on a queue
of its own, deleted after. Redis is a private `redis-server` on a spare port, with the
durability README recommends (`--appendonly yes`), that a test may kill and restart. A
broker that is not there skips its tests, saying so.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from app import models
from app.config import get_settings
from app.db import get_engine
from app.jobs.queue import forget_broker
from app.migrate import upgrade
from tests.api.conftest import reset_database
from tests.databases import own_database_url

RABBITMQ = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
WIKINEWS = Path(__file__).resolve().parent.parent / "wikinews"
FACTSAPI = str(Path(sys.executable).with_name("factsapi"))


def answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def spare_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PrivateRedis:
    """A redis-server of this test's own: killed and started again on the same files."""

    folder: Path
    port: int = field(default_factory=spare_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(lambda: answers("127.0.0.1", self.port), 10, "redis-server to answer")

    def stop(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None:
            self.process.send_signal(sig)
            self.process.wait(10)
            self.process = None


@dataclass
class Broker:
    name: str
    url: str
    queue: str
    restart: Callable[[float], None]  # down for this many seconds, then up again


def wait_until(check: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what}")


def rabbitmq_restart(seconds: float) -> None:
    subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=60)
    try:
        time.sleep(seconds)
    finally:  # never leave the machine's RabbitMQ stopped
        subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True, timeout=120)
    wait_until(lambda: answers("127.0.0.1", 5672), 30, "RabbitMQ to answer again")


def delete_queues(url: str, queue: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
        channel.queue_delete(name)
    connection.close()


def dead_letters(broker: Broker) -> int:
    """Messages in the dead-letter place of the test's queue."""
    if broker.name == "rabbitmq":
        import pika

        connection = pika.BlockingConnection(pika.URLParameters(broker.url))
        count = connection.channel().queue_declare(f"{broker.queue}.XQ", passive=True).method.message_count
        connection.close()
        return count
    import redis

    return redis.Redis.from_url(broker.url).zcard(f"dramatiq:{broker.queue}.XQ")


@pytest.fixture(params=["rabbitmq", "redis"])
def broker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Broker]:
    queue = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "rabbitmq":
        if not answers("127.0.0.1", 5672):
            pytest.skip("no RabbitMQ answers at 127.0.0.1:5672")
        yield Broker("rabbitmq", RABBITMQ, queue, rabbitmq_restart)
        if answers("127.0.0.1", 5672):
            delete_queues(RABBITMQ, queue)
        return
    if subprocess.run(["which", "redis-server"], capture_output=True).returncode != 0:
        pytest.skip("no redis-server on this machine")
    server = PrivateRedis(tmp_path)
    server.start()

    def restart(seconds: float) -> None:
        server.stop()
        time.sleep(seconds)
        server.start()

    try:
        yield Broker("redis", server.url, queue, restart)
    finally:
        server.stop()


@dataclass
class Setup:
    """The environment a test's workers and its sending side share."""

    env: dict[str, str]
    log: Path
    workers: list[subprocess.Popen] = field(default_factory=list)

    def start_worker(self, concurrency: int = 1) -> subprocess.Popen:
        with self.log.open("ab") as log:  # what the workers print: the tests read it
            process = subprocess.Popen(
                [FACTSAPI, "worker", "--concurrency", str(concurrency)],
                env=self.env,
                start_new_session=True,
                stderr=log,
            )
        self.workers.append(process)
        return process

    def stop_workers(self) -> None:
        for process in self.workers:
            if process.poll() is None:  # as `docker stop` does: the command, which stops its workers
                process.send_signal(signal.SIGTERM)
        for process in self.workers:
            try:
                process.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.workers.clear()


@pytest.fixture
def jobs_env(broker: Broker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    """A migrated database of the test's own, the broker, and fast limits for the worker and this process."""
    url = own_database_url(tmp_path, "jobs")
    reset_database(url)
    upgrade(url)
    values = {
        "DATABASE_URL": url,
        "BROKER_URL": broker.url,
        "BROKER_QUEUE": broker.queue,
        "JOB_RETRIES": "1",
        "JOB_BACKOFF": "0.2",
        "JOB_BACKOFF_MAX": "1",
        "BROKER_REDELIVERY_TIMEOUT": "3",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    get_engine.cache_clear()
    forget_broker()
    setup = Setup({**os.environ, **values}, tmp_path / "workers.log")
    try:
        yield setup
    finally:
        setup.stop_workers()
        forget_broker()
        get_engine().dispose()
        get_engine.cache_clear()
        monkeypatch.undo()
        get_settings.cache_clear()


def wikinews_article(index: int, *, paragraphs: int = 1, day: str = "2019-03-01") -> bytes:
    """A distinct article in the seed format made of real news text: `paragraphs` Wikinews stories."""
    stories = sorted(WIKINEWS.glob("*.txt"))
    parts = []
    for k in range(paragraphs):
        text = stories[(index + k) % len(stories)].read_text(encoding="utf-8")
        parts.append(text.split(" ", 3)[3].strip())  # without its date line
    return f" date {day} Story {index}.\n\n".encode() + "\n\n".join(parts).encode()


def article_count(engine: object) -> int:
    with Session(engine) as session:  # type: ignore[arg-type]
        return session.exec(select(func.count()).select_from(models.Article)).one()


def distinct_hashes(engine: object) -> int:
    with Session(engine) as session:  # type: ignore[arg-type]
        return session.exec(select(func.count(func.distinct(models.Article.content_hash)))).one()


def item_rows(engine: object) -> list[models.JobArticle]:
    with Session(engine) as session:  # type: ignore[arg-type]
        return list(session.exec(select(models.JobArticle).order_by(models.JobArticle.id)))


def worker_processes(pid: int) -> list[int]:
    """The worker processes `factsapi worker` started (Linux /proc): its children but multiprocessing's resource tracker."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"resource_tracker" not in cmdline:
                found.append(int(child))
    return found
