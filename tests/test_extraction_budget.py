"""No article can hold the command line or the server: time and size limits, and no orphans.

Each test runs the real `factsapi` command as a subprocess, with a real SQLite file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from app import models
from app.db import make_engine
from app.migrate import upgrade

from .extract.test_termination import VERBLESS

DATA = Path(__file__).resolve().parent / "data"
FACTSAPI = [sys.executable, "-m", "app.cli"]
RUN_S = 300  # a ceiling for one command on a busy machine, far above what it needs


def seed(path: Path, text: str, day: str = "2024-05-02") -> Path:
    path.write_text(f" date {day} {text}\n", encoding="utf-8")
    return path


def slow_text(kb: int) -> str:
    """News paragraphs enough to take several seconds to parse: the article that goes over time."""
    para = "Officials said {n} people were hurt when a blast hit a market in Odesa on Tuesday, police said."
    return "\n\n".join(para.format(n=i % 90 + 2) for i in range(kb * 1000 // len(para)))


def story(i: int) -> str:
    """A small story, distinct per `i`."""
    return (DATA / "harbor_strike.txt").read_text().replace("2023-06-15", f"2023-07-{i % 28 + 1:02d}", 1)


def articles_in(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        n = session.exec(select(func.count()).select_from(models.Article)).one()
    engine.dispose()
    return n


def children_of(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (read from /proc, zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def workers_of(pid: int) -> list[int]:
    """The extraction workers among a process's children (not multiprocessing's resource tracker)."""
    found = []
    for child in children_of(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (ProcessLookupError, FileNotFoundError):
        return False
    return state != "Z"  # a zombie has died; only its exit status waits to be read


def wait_for(test, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(0.1)
    return bool(test())


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'budget.db'}"
    upgrade(url)
    return url


def run(args: list[str], url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FACTSAPI, *args],
        env={**os.environ, "DATABASE_URL": url, **env},
        capture_output=True,
        text=True,
        timeout=RUN_S,
    )


def test_verbless_articles_ingest(db_url: str, tmp_path: Path) -> None:
    """Headlines, tables and scoreboards, which once hung ingest for good, are stored."""
    folder = tmp_path / "verbless"
    folder.mkdir()
    for i, text in enumerate(VERBLESS):
        seed(folder / f"{i:02d}.txt", text)
    done = run(["ingest", "--quiet", str(folder)], db_url)
    assert done.returncode == 0, done.stderr
    assert articles_in(db_url) == len(VERBLESS)


def test_ingest_reports_articles_over_the_limits_and_stores_the_rest(db_url: str, tmp_path: Path) -> None:
    """One batch: two good stories, one over the time limit, one over the size limit."""
    folder = tmp_path / "batch"
    folder.mkdir()
    good = [seed(folder / f"a_good_{i}.txt", story(i)) for i in range(2)]
    slow = seed(folder / "b_slow.txt", slow_text(800))
    # over spaCy's 1,000,000 characters and under the 1 MB body limit: once a traceback
    huge = seed(folder / "c_huge.txt", "Officials said 3 people died. " * 33_400)
    done = run(["ingest", "--quiet", str(folder)], db_url, EXTRACTION_TIMEOUT="2")
    assert done.returncode == 1, done.stderr
    assert articles_in(db_url) == len(good)
    lines = done.stderr.splitlines()
    assert any(str(slow) in line and "EXTRACTION_TIMEOUT" in line for line in lines), done.stderr
    assert any(str(huge) in line and "MAX_ARTICLE_CHARS" in line for line in lines), done.stderr
    assert not any(str(g) in done.stderr for g in good)
    assert "Traceback" not in done.stderr


def test_extract_reports_an_article_over_the_size_limit_and_goes_on(tmp_path: Path) -> None:
    first = seed(tmp_path / "a_long.txt", story(1) + "\n\nMore words follow here." * 100)
    second = seed(tmp_path / "b_short.txt", story(2))
    done = run(["extract", str(first), str(second)], "sqlite://", MAX_ARTICLE_CHARS="2000")
    assert done.returncode == 1
    assert str(first) in done.stderr and "MAX_ARTICLE_CHARS" in done.stderr
    assert f'"source": "{second}"' in done.stdout and str(first) not in done.stdout


def test_killing_a_parallel_ingest_leaves_no_worker_behind(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        seed(folder / f"{i:03d}.txt", story(i) + f"\n\nEdition {i}.")
    proc = subprocess.Popen(
        [*FACTSAPI, "ingest", "--quiet", "--jobs", "2", str(folder)],
        env={**os.environ, "DATABASE_URL": db_url},
    )
    try:
        assert wait_for(lambda: len(workers_of(proc.pid)) >= 2, 120), "two workers should start"
        time.sleep(1)
        workers = children_of(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 10), [w for w in workers if alive(w)]
    finally:
        proc.kill()


def test_sigterm_stops_the_server_during_an_extraction(db_url: str, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": db_url, "FACTS_API_KEY": "k" * 24, "EXTRACTION_TIMEOUT": "600"}
    server = subprocess.Popen(
        [*FACTSAPI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return urllib.request.urlopen(f"{base}/health", timeout=2).status == 200
        except OSError:
            return False

    def post_slow() -> None:
        request = urllib.request.Request(
            f"{base}/v1/articles",
            data=f" date 2024-05-02 {slow_text(400)}".encode(),
            headers={"Content-Type": "text/plain", "Authorization": f"Bearer {'k' * 24}"},
        )
        with contextlib.suppress(OSError):  # the server goes away mid-request: that is the point
            urllib.request.urlopen(request, timeout=RUN_S)

    try:
        assert wait_for(up, 60), "the server should start"
        # writes are enabled: the worker starts with the server, before any POST
        assert wait_for(lambda: bool(workers_of(server.pid)), 60), "the server should start its worker"
        threading.Thread(target=post_slow, daemon=True).start()
        time.sleep(3)  # the worker loads the model, then parses the article
        workers = children_of(server.pid)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert time.monotonic() - started < 15, "SIGTERM should stop the server within seconds"
        assert wait_for(lambda: not any(alive(w) for w in workers), 10), "the worker dies with the server"
    finally:
        server.kill()


def test_a_server_that_cannot_write_starts_no_worker(db_url: str) -> None:
    """No key and no loopback writes: nothing will extract, so no model is loaded."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("FACTS_API_KEY", "ALLOW_LOOPBACK_WRITES")}
    server = subprocess.Popen(
        [*FACTSAPI, "serve", "--port", str(port)],
        env={**env, "DATABASE_URL": db_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health = f"http://127.0.0.1:{port}/health"
        assert wait_for(lambda: _answers(health), 60), "the server should start"
        time.sleep(2)  # a warm start would have spawned its worker by now
        assert workers_of(server.pid) == []
    finally:
        server.kill()


def _answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


def test_ingest_into_a_read_only_database_stops_with_one_clear_line(db_url: str, tmp_path: Path) -> None:
    """A database that cannot take writes ends the run with a sentence, not a traceback."""
    path = db_url.removeprefix("sqlite:///")
    folder = tmp_path / "ro"
    folder.mkdir()
    seed(folder / "a.txt", story(1))
    done = run(["ingest", "--quiet", str(folder)], f"sqlite:///file:{path}?mode=ro&uri=true")
    assert done.returncode == 2, done.stderr
    assert "nothing of it stored" in done.stderr and "Traceback" not in done.stderr
    assert articles_in(db_url) == 0


# ---------------------------------------------------------------- #21: nothing outside the budget

KEY = "k" * 24
CAPTION_600 = "Police said.\n\nCaption x" + " " * 600 + "y"  # once 25 s of regex on the event loop


@contextlib.contextmanager
def serving(db_url: str, log: Path | None = None, **env: str):  # type: ignore[no-untyped-def]
    """`factsapi serve` on a free port with writes enabled: its base URL and process, killed after."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    output = log.open("w") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        [*FACTSAPI, "serve", "--port", str(port)],
        env={**os.environ, "DATABASE_URL": db_url, "FACTS_API_KEY": KEY, **env},
        stdout=output,
        stderr=output,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _answers(f"{base}/health"), 60), "the server should start"
        yield base, server
    finally:
        server.kill()
        server.wait(timeout=30)
        if log:
            output.close()  # type: ignore[union-attr]


def post(base: str, text: str, timeout: float = RUN_S, day: str = "2024-05-02") -> int:
    """POST a seed-format article; its status (an error status too)."""
    request = urllib.request.Request(
        f"{base}/v1/articles",
        data=f" date {day} {text}".encode(),
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {KEY}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_health_answers_within_a_second_while_posts_are_read(db_url: str) -> None:
    """No body keeps the event loop: a caption ending in 600 spaces, a first paragraph of 900,000."""
    bodies = [CAPTION_600, "A" + " " * 900_000 + "y said 3 people died."]
    statuses: list[int] = []
    with serving(db_url, EXTRACTION_TIMEOUT="20") as (base, _server):
        assert post(base, "Police said 3 people were hurt in Lyon on Monday.") == 201  # the worker is up
        writer = threading.Thread(target=lambda: statuses.extend(post(base, b) for b in bodies), daemon=True)
        writer.start()
        slowest = 0.0
        while writer.is_alive():
            started = time.monotonic()
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1).close()
            except OSError as exc:
                pytest.fail(f"/health did not answer within 1 s while a POST was read: {exc}")
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.2)
        assert slowest < 1
    assert all(status < 500 for status in statuses), statuses


def test_a_worker_that_takes_nothing_is_replaced_within_the_limit(db_url: str) -> None:
    """A 900 KB article to a stopped worker blocked on the pipe for good, and every POST after it."""
    with serving(db_url, EXTRACTION_TIMEOUT="3") as (base, server):
        assert post(base, "Police said 3 people were hurt in Lyon on Monday.") == 201  # the workers are up
        stopped = workers_of(server.pid)
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        big = slow_text(900)
        for attempt in range(2):  # the reader takes the body first, then the extraction worker the article
            started = time.monotonic()
            assert post(base, big, timeout=120, day=f"2024-05-0{attempt + 3}") == 503
            assert time.monotonic() - started < 60, "the send should give up at the limit"
            assert _answers(f"{base}/health")
        assert wait_for(lambda: not any(alive(pid) for pid in stopped), 10), "the stopped workers are killed"
        # fresh workers take the next article
        assert post(base, "Police said 4 people were hurt in Nice on Monday.") == 201


def test_an_abandoned_post_gives_its_extraction_slot_back(db_url: str) -> None:
    """Clients that leave while their long articles wait or are extracted hold no one up, and store nothing."""
    with serving(db_url, EXTRACTION_TIMEOUT="300") as (base, _server):
        assert post(base, "Police said 3 people were hurt in Lyon on Monday.") == 201  # the worker is up
        address = urllib.parse.urlsplit(base)
        for i in range(2):  # each would take the worker for a minute or more
            body = f" date 2024-06-0{i + 1} {slow_text(400)}".encode()
            with socket.create_connection((address.hostname, address.port)) as sock:
                head = (
                    f"POST /v1/articles HTTP/1.1\r\nHost: {address.netloc}\r\n"
                    f"Authorization: Bearer {KEY}\r\nContent-Type: text/plain\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                )
                sock.sendall(head.encode() + body)
                time.sleep(1)  # the server has the body and waits on the worker; the client leaves
        started = time.monotonic()
        # the worker killed and reloaded (5-15 s) rather than two abandoned extractions first
        assert post(base, "Police said 4 people were hurt in Nice on Monday.", timeout=60) == 201
        took = time.monotonic() - started
    assert articles_in(db_url) == 2, "nothing of the abandoned articles is stored"
    assert took < 60


def test_a_client_that_leaves_mid_upload_is_no_bug(db_url: str, tmp_path: Path) -> None:
    """Starlette's ClientDisconnect was logged as a 500 with its trace, as a bug is."""
    log = tmp_path / "server.log"
    with serving(db_url, log=log, WARM_EXTRACTION="false") as (base, _server):
        address = urllib.parse.urlsplit(base)
        with socket.create_connection((address.hostname, address.port)) as sock:
            sock.sendall(
                f"POST /v1/articles HTTP/1.1\r\nHost: {address.netloc}\r\nAuthorization: Bearer {KEY}\r\n"
                "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n date 2024-01-01 Police".encode()
            )
            time.sleep(1)
        assert wait_for(lambda: '"status":499' in log.read_text(), 10), log.read_text()[-2000:]
        assert _answers(f"{base}/health")
    assert "Traceback" not in log.read_text() and '"status":500' not in log.read_text()


def test_ingest_skips_an_article_over_the_memory_limit_and_stores_the_rest(
    db_url: str, tmp_path: Path
) -> None:
    """A 300 KB article takes a worker past 1 GB: it fails as one over time does, the worker is replaced."""
    folder = tmp_path / "memory"
    folder.mkdir()
    good = [seed(folder / f"{name}.txt", story(i)) for i, name in enumerate(("a_good", "c_good"))]
    big = seed(folder / "b_big.txt", slow_text(300))
    done = run(
        ["ingest", "--quiet", str(folder)], db_url, EXTRACTION_MEMORY_MB="1000", EXTRACTION_TIMEOUT="300"
    )
    assert done.returncode == 1, done.stderr
    assert f"skipped {big}: " in done.stderr and "EXTRACTION_MEMORY_MB" in done.stderr, done.stderr
    assert not any(str(g) in done.stderr for g in good)
    assert articles_in(db_url) == len(good)


def test_extract_finishes_the_texts_that_once_hung_it(tmp_path: Path) -> None:
    """The hook's canaries and a caption ending in 3,000 spaces (hours of regex, once) end in seconds."""
    texts = {
        "table": "STORM TOLL BY COUNTY .\n\nNorth County : 12 dead , 30 injured\n\nSouth County : 4 dead , 9 missing",
        "headline": "2 teens arrested after shooting\n\nThree members .",
        "caption": CAPTION_600,
        "caption_3000": "Police said.\n\nCaption x" + " " * 3000 + "y",
    }
    paths = [seed(tmp_path / f"{name}.txt", text) for name, text in texts.items()]
    done = subprocess.run(
        [*FACTSAPI, "extract", *map(str, paths)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert all(f'"source": "{path}"' in done.stdout for path in paths)
