"""`factsapi ingest --queue` and `reextract --all --queue` fan out to `factsapi worker`, and say what came of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.db import get_engine
from tests.jobs.conftest import FACTSAPI, Broker, Setup, article_count, item_rows, wikinews_article


def test_ingest_and_reextract_through_the_queue(jobs_env: Setup, broker: Broker, tmp_path: Path) -> None:
    if broker.name == "redis":
        pytest.skip("the command line is the same on both brokers: tested once, on RabbitMQ")
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_bytes(wikinews_article(i))
    (folder / "copy.txt").write_bytes(wikinews_article(0))  # the same content as 0.txt
    jobs_env.start_worker(concurrency=2)
    ingest = subprocess.run(
        [FACTSAPI, "ingest", "--queue", str(folder)],
        env=jobs_env.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr
    assert "3 stored, 1 already stored, 0 failed" in ingest.stderr
    assert "article/s" in ingest.stderr or "100%" in ingest.stderr  # the progress bar
    engine = get_engine()
    assert article_count(engine) == 3

    again = subprocess.run(
        [FACTSAPI, "reextract", "--all", "--queue", "--quiet"],
        env=jobs_env.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "3 stored, 0 already stored, 0 failed" in again.stderr
    reextracted = [r for r in item_rows(engine) if r.job_id == 2]
    assert sorted(r.article_id for r in reextracted) == [1, 2, 3]
    assert article_count(engine) == 3


def test_a_worker_without_a_broker_says_what_to_set(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "BROKER_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'none.db'}"
    done = subprocess.run([FACTSAPI, "worker"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "BROKER_URL" in done.stderr
