"""Score our own corpus (tests/corpus/) the way users ask it, so anyone can measure before and after.

    .venv/bin/python -m bench.corpus_score [--corpus tests/corpus] [--eval ../shared/eval] [-v]

Ingests the corpus's articles into a fresh SQLite file, serves it on a free loopback port and
runs the shared scorers against it: `corpus_queries.py` (a person's quotes and claims asked with
every spelling, a place's casualty figures) and `run_set.py` (each article's facts against its
gold, micro-averaged). Prints both as they print themselves. Not a benchmark of speed: a ratio
would mean nothing here, the numbers are F1s.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from .serve import VENV_BIN, factsapi

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nothing listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ingest(articles: list[Path], db: Path) -> None:
    """Migrate a new SQLite file and store the articles in it through the CLI."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    cli = str(VENV_BIN / "factsapi")
    subprocess.run([cli, "migrate"], env=env, check=True, capture_output=True)
    # the .txt files only: the gold .json beside them would be read as JSON articles
    subprocess.run([cli, "ingest", "--quiet", *map(str, articles)], env=env, check=True)


def run(cmd: list[str]) -> int:
    """Run one scorer, its output straight to ours; its exit status."""
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument(
        "--eval", type=Path, default=ROOT.parent / "shared" / "eval", help="the shared scorers"
    )
    parser.add_argument("-v", action="store_true", help="list misses (corpus) and per-article F1s")
    args = parser.parse_args(argv)
    corpus, scorers = args.corpus.resolve(), args.eval.resolve()
    articles = sorted(corpus.glob("*.txt"))
    if not articles or not (scorers / "corpus_queries.py").exists():
        parser.error(f"need NAME.txt articles in {corpus} and corpus_queries.py in {scorers}")
    verbose = ["-v"] if args.v else []
    with tempfile.TemporaryDirectory(prefix="factsapi-corpus-") as work:
        db = Path(work) / "corpus.db"
        ingest(articles, db)
        port = free_port()
        with factsapi(db, port):
            base = f"http://127.0.0.1:{port}"
            queries = run(
                [
                    sys.executable,
                    str(scorers / "corpus_queries.py"),
                    "--base",
                    base,
                    "--gold-dir",
                    str(corpus),
                    *verbose,
                ]
            )
    extract = f"{VENV_BIN / 'factsapi'} extract --out {{outdir}} {{articles}}"
    per_article = run([sys.executable, str(scorers / "run_set.py"), str(corpus), extract, *verbose])
    return queries or per_article


if __name__ == "__main__":
    sys.exit(main())
