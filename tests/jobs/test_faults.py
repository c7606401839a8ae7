"""Nothing lost, nothing twice: jobs on a real broker through worker deaths, broker restarts,
articles that fail every time and a database that goes away; counted in the database after each."""

from __future__ import annotations

import os
import signal
import time

import pytest

from app.db import get_engine
from app.jobs.enqueue import submit
from tests.jobs.conftest import (
    Broker,
    Setup,
    article_count,
    dead_letters,
    distinct_hashes,
    item_rows,
    wait_until,
    wikinews_article,
    worker_processes,
)

LOAD_S = 90  # a worker process loads the model (5-15 s alone; more on a busy machine)


def all_finished(engine: object) -> bool:
    return all(row.status in ("stored", "duplicate", "failed") for row in item_rows(engine))


def test_a_worker_killed_mid_article_is_redelivered_and_stored_once(jobs_env: Setup) -> None:
    engine = get_engine()
    bodies = [(wikinews_article(i, paragraphs=6), "text/plain") for i in range(3)]
    parent = jobs_env.start_worker()
    submit(engine, bodies=bodies)
    # the first article a worker took: kill its process mid-extraction, the model's child with it
    wait_until(lambda: any(r.status == "running" for r in item_rows(engine)), LOAD_S, "an article taken")
    running = [r.id for r in item_rows(engine) if r.status == "running"]
    (worker,) = worker_processes(parent.pid)
    os.kill(worker, signal.SIGKILL)
    wait_until(lambda: all_finished(engine), LOAD_S * 2, "every article stored after the kill")
    rows = item_rows(engine)
    assert [r.status for r in rows] == ["stored"] * 3
    assert article_count(engine) == distinct_hashes(engine) == 3
    killed = next(r for r in rows if r.id == running[0])
    assert killed.attempts >= 2  # delivered again, to the worker that replaced the dead one
    assert parent.poll() is None  # `factsapi worker` itself lives on


def test_jobs_survive_a_broker_restart_while_they_wait_and_while_a_worker_runs(
    jobs_env: Setup, broker: Broker
) -> None:
    engine = get_engine()
    # waiting: sent with no worker running, the broker stops and starts again
    submit(engine, bodies=[(wikinews_article(i), "text/plain") for i in range(3)])
    broker.restart(1.0)
    jobs_env.start_worker()
    wait_until(lambda: all_finished(engine), LOAD_S * 2, "the waiting articles stored")
    assert article_count(engine) == 3
    # running: the broker goes away while a worker extracts, and comes back
    submit(engine, bodies=[(wikinews_article(10 + i, paragraphs=4), "text/plain") for i in range(3)])
    wait_until(lambda: any(r.status == "running" for r in item_rows(engine)), 60, "an article taken")
    broker.restart(2.0)
    wait_until(lambda: all_finished(engine), 180, "every article stored after the restart")
    assert [r.status for r in item_rows(engine)] == ["stored"] * 6
    assert article_count(engine) == distinct_hashes(engine) == 6


def test_an_article_that_times_out_every_time_fails_with_its_reason_and_the_rest_is_stored(
    jobs_env: Setup, broker: Broker
) -> None:
    if broker.name == "redis":
        pytest.skip(
            "the retry and dead-letter path is Dramatiq's own on both brokers: tested once, on RabbitMQ"
        )
    engine = get_engine()
    jobs_env.env["EXTRACTION_TIMEOUT"] = "3"
    # 30 stories in one article: far over 3 s to extract on any machine this runs on
    slow = (wikinews_article(20, paragraphs=30), "text/plain")
    quick = [(wikinews_article(i), "text/plain") for i in range(2)]
    jobs_env.start_worker()
    submit(engine, bodies=[quick[0], slow, quick[1]])
    wait_until(lambda: all_finished(engine), LOAD_S + 120, "every article finished")
    rows = item_rows(engine)
    assert [r.status for r in rows] == ["stored", "failed", "stored"]
    assert rows[1].attempts == 2  # JOB_RETRIES=1: tried, then tried once more
    assert rows[1].problem is not None
    assert rows[1].problem["type"] == "/problems/extraction-timeout" and rows[1].problem["limit_seconds"] == 3
    assert article_count(engine) == 2
    wait_until(lambda: dead_letters(broker) == 1, 10, "the failed article's message dead-lettered")


def test_a_database_that_goes_away_makes_jobs_wait_and_none_is_lost(jobs_env: Setup, broker: Broker) -> None:
    url = jobs_env.env["DATABASE_URL"]
    if not url.startswith("postgresql"):
        # as root, a SQLite file cannot be made unwritable by its mode; PostgreSQL refusing
        # connections is the database down as a worker on another host meets it
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL) to take a database away")
    if broker.name == "redis":
        pytest.skip("the retry path is Dramatiq's own on both brokers: tested once, on RabbitMQ")
    engine = get_engine()
    name = engine.url.database
    admin = get_engine().url.set(database="postgres")
    from app.db import make_engine

    control = make_engine(admin.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )

    def connections(allowed: bool) -> None:
        with control.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
            if not allowed:
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
                )

    submit(engine, bodies=[(wikinews_article(i), "text/plain") for i in range(3)])
    engine.dispose()
    connections(False)
    try:
        jobs_env.start_worker()
        # the worker loads, takes a message, cannot reach the database, and sends it back to wait
        wait_until(
            lambda: jobs_env.log.exists() and b"goes back to wait" in jobs_env.log.read_bytes(),
            LOAD_S,
            "a retry while the database is away",
        )
        assert b"OperationalError" in jobs_env.log.read_bytes()
        time.sleep(2)  # and again, with backoff: none is given up while the database is away
    finally:
        connections(True)
        control.dispose()
    wait_until(lambda: all_finished(engine), 120, "every article stored once the database is back")
    assert [r.status for r in item_rows(engine)] == ["stored"] * 3
    assert article_count(engine) == distinct_hashes(engine) == 3
