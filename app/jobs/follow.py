"""`ingest --queue` and `reextract --queue`: send the articles as jobs, then follow them with a progress bar."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from ..config import get_settings
from .enqueue import progress, submit

POLL_S = 0.5


def queue_files(engine: Engine, files: Sequence[Path], *, quiet: bool) -> int:
    """Send files as jobs of up to MAX_BATCH_ARTICLES articles; the workers read, extract and store them."""
    from ..ingest import file_body

    size = get_settings().max_batch_articles
    job_ids = []
    for start in range(0, len(files), size):
        # the workers read each body under their budget, as a POST's: no text is parsed here
        bodies = [file_body(path)[:2] for path in files[start : start + size]]
        job_ids.append(submit(engine, bodies=bodies))
    return follow(engine, job_ids, len(files), quiet=quiet)


def queue_reextract(engine: Engine, article_ids: Sequence[int], *, quiet: bool) -> int:
    """Send stored articles to be re-extracted as jobs, then follow them."""
    size = get_settings().max_batch_articles
    job_ids = [
        submit(engine, article_ids=article_ids[start : start + size])
        for start in range(0, len(article_ids), size)
    ]
    return follow(engine, job_ids, len(article_ids), quiet=quiet)


def follow(engine: Engine, job_ids: list[int], total: int, *, quiet: bool) -> int:
    """A progress bar of the jobs' articles finished; the outcome counted at the end (exit 1 if any failed)."""
    from tqdm import tqdm

    print(f"queued {total} articles as jobs {', '.join(map(str, job_ids)) or '(none)'}", file=sys.stderr)
    counts: dict[str, int] = {}
    if not job_ids:
        return 0
    with tqdm(total=total, unit="article", disable=quiet, file=sys.stderr) as bar:
        try:
            for counts in progress(engine, job_ids):
                finished = counts.get("stored", 0) + counts.get("duplicate", 0) + counts.get("failed", 0)
                bar.update(finished - bar.n)
                if finished < total:
                    time.sleep(POLL_S)
        except KeyboardInterrupt:
            print("\nstopped following; the jobs go on (GET /v1/jobs/ID)", file=sys.stderr)
            return 130
    print(
        f"{counts.get('stored', 0)} stored, {counts.get('duplicate', 0)} already stored, "
        f"{counts.get('failed', 0)} failed (GET /v1/jobs/ID says why)",
        file=sys.stderr,
    )
    return 1 if counts.get("failed") else 0
