"""Extraction jobs on a broker against ingest in one machine's processes (issue #24).

    python -m bench.jobs [--articles 200] [--batch 1000] [--seconds 10] [--broker URL]

1. Throughput: `factsapi ingest --jobs 1` / `--jobs 2` against `factsapi worker
   --concurrency 1` / `2` fed by `factsapi ingest --queue`, over the same synthetic texts,
   each into a fresh SQLite file. Every timing starts with the processes and ends when the
   last article is stored, so each side pays its model loads alike. The ratio is queued
   over in-process articles per second at equal processes (the issue asks for >= 0.9).
2. Latency: `factsapi serve` with the broker and two warm workers; a batch of `--batch`
   articles POSTed to /v1/articles/batch; for each article, from its job's 202 (the job's
   `created_at`) to its `finished_at`, p50 and p99, both read from the job's rows.
3. Reads: the p99 of a plain read (`/v1/articles?limit=50`, `/v1/quotes?limit=50`, 4
   connections) while the workers store that batch, against the same read with them idle.

The broker is RabbitMQ at 127.0.0.1:5672 when it answers, else Redis at 127.0.0.1:6379,
each run on a queue of its own (deleted after); with neither, it says so and skips.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from app.ingest import read_file

from . import corpus, loadgen
from .databases import FACTSAPI, migrate, url_of
from .ingest import cli_ingest
from .serve import running, wait_until_up

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/%2F"
REDIS = "redis://127.0.0.1:6379/14"
KEY = "bench-key-0123456789"
PORT = 8791


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def default_broker() -> str | None:
    if answers(5672):
        return RABBITMQ
    return REDIS if answers(6379) else None


def forget_queue(broker: str, queue: str) -> None:
    """Delete the run's queues from the broker, so no message of a benchmark outlives it."""
    if broker.startswith("amqp"):
        import pika

        connection = pika.BlockingConnection(pika.URLParameters(broker))
        for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
            connection.channel().queue_delete(name)
        connection.close()
    else:
        import redis

        client = redis.Redis.from_url(broker)
        keys = list(client.scan_iter(f"dramatiq:{queue}*"))
        if keys:
            client.delete(*keys)


def job_env(db: Path, broker: str, queue: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url_of(db), "BROKER_URL": broker, "BROKER_QUEUE": queue}


def start_workers(env: dict[str, str], concurrency: int) -> subprocess.Popen:
    return subprocess.Popen(
        [FACTSAPI, "worker", "--concurrency", str(concurrency)], env=env, stderr=subprocess.DEVNULL
    )


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def queued_ingest(folder: Path, db: Path, broker: str, concurrency: int) -> float:
    """Seconds from starting `concurrency` workers and `ingest --queue` to the last article stored."""
    queue = f"bench-{uuid.uuid4().hex[:10]}"
    env = job_env(db, broker, queue)
    migrate(url_of(db))
    started = time.perf_counter()
    workers = start_workers(env, concurrency)
    try:
        subprocess.run([FACTSAPI, "ingest", "--queue", "--quiet", str(folder)], env=env, check=True)
        return time.perf_counter() - started
    finally:
        stop(workers)
        forget_queue(broker, queue)


def post(path: str, body: bytes, content_type: str, prefer: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": content_type, "Authorization": f"Bearer {KEY}"}
    if prefer:
        headers["Prefer"] = prefer
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def get(path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:
        return json.loads(response.read())


def wait_done(job_id: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = get(f"/v1/jobs/{job_id}")
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise TimeoutError(f"job {job_id} not done in {timeout} s")


def latencies(db: Path, job_id: int) -> list[float]:
    """Seconds from each article's 202 (its job's creation) to its outcome, from the job's rows."""
    from sqlmodel import Session, select

    from app import models
    from app.db import make_engine
    from app.jobs.records import utc

    engine = make_engine(url_of(db))
    with Session(engine) as session:
        job = session.get(models.Job, job_id)
        assert job is not None
        rows = session.exec(select(models.JobArticle).where(models.JobArticle.job_id == job_id)).all()
        out = [(utc(r.finished_at) - utc(job.created_at)).total_seconds() for r in rows if r.finished_at]
    engine.dispose()
    return out


def batch_under_load(work: Path, db: Path, broker: str, n: int, seconds: float) -> dict:
    """A batch POSTed to a server whose two workers are warm: latency to done, and read p99 idle and busy."""
    paths = corpus.build(work / "batch", n, seed=24)
    articles = [read_file(p) for p in paths]
    body = json.dumps([{"text": a.text, "published": a.published.isoformat()} for a in articles]).encode()
    queue = f"bench-{uuid.uuid4().hex[:10]}"
    env = {**job_env(db, broker, queue), "FACTS_API_KEY": KEY, "MAX_BATCH_ARTICLES": str(max(n, 1000))}
    serve = [FACTSAPI, "serve", "--host", "127.0.0.1", "--port", str(PORT)]
    reads = ["/v1/articles?limit=50", "/v1/quotes?limit=50"]
    workers = start_workers(env, 2)
    try:
        with running(serve, env):
            wait_until_up(f"http://127.0.0.1:{PORT}/health")
            # both workers warm before anything is timed: two articles, one each (prefetch 1)
            warm = [
                post("/v1/articles", path.read_bytes(), "text/plain", prefer="respond-async")[1]["id"]
                for path in corpus.build(work / "warm", 2, seed=99)
            ]
            for job_id in warm:
                wait_done(job_id, timeout=300)
            idle = loadgen.run("127.0.0.1", PORT, reads, connections=4, seconds=seconds)
            status, job = post("/v1/articles/batch", body, "application/json")
            assert status == 202, status
            busy = loadgen.run("127.0.0.1", PORT, reads, connections=4, seconds=seconds)
            done = wait_done(job["id"], timeout=max(120.0, n * 10.0))
    finally:
        stop(workers)
        forget_queue(broker, queue)
    waited = latencies(db, job["id"])
    waited.sort()
    return {
        "batch": n,
        "stored": len(done["stored"]) + len(done["duplicates"]),
        "failed": done["failed"],
        "latency_p50_s": round(statistics.median(waited), 2),
        "latency_p99_s": round(waited[min(len(waited) - 1, int(len(waited) * 0.99))], 2),
        "batch_s": round(waited[-1], 1),
        "read_p99_ms_idle": round(idle.p99_ms, 1),
        "read_p99_ms_busy": round(busy.p99_ms, 1),
        "read_rps_idle": round(idle.rps),
        "read_rps_busy": round(busy.rps),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200, help="articles for the throughput runs")
    parser.add_argument(
        "--batch", type=int, default=1000, help="articles in the batch timed from 202 to done"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of reads, idle and busy")
    parser.add_argument(
        "--broker", default=None, help="BROKER_URL (default: RabbitMQ, else Redis, on loopback)"
    )
    args = parser.parse_args(argv)
    broker = args.broker or default_broker()
    if broker is None:
        print("bench.jobs: skipped, no RabbitMQ (5672) or Redis (6379) answers on 127.0.0.1")
        return {"skipped": "no broker"}
    work = Path(tempfile.mkdtemp(prefix="factsapi-jobs-"))
    folder = work / "articles"
    corpus.build(folder, args.articles)
    n = args.articles
    one = cli_ingest(folder, work / "one.db", 1)
    queued_one = queued_ingest(folder, work / "q1.db", broker, 1)
    two = cli_ingest(folder, work / "two.db", 2)
    queued_two = queued_ingest(folder, work / "q2.db", broker, 2)
    report: dict[str, object] = {
        "broker": broker.split("://")[0],
        "articles": n,
        "ingest_jobs1_articles_per_s": round(n / one, 2),
        "worker_concurrency1_articles_per_s": round(n / queued_one, 2),
        "ratio_1": round(one / queued_one, 2),
        "ingest_jobs2_articles_per_s": round(n / two, 2),
        "worker_concurrency2_articles_per_s": round(n / queued_two, 2),
        "ratio_2": round(two / queued_two, 2),
        **batch_under_load(work, work / "q2.db", broker, args.batch, args.seconds),
    }
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
