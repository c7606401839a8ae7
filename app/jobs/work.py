"""What a worker does with one job article: store (or re-extract) it and record the outcome.

The same function runs under a broker's worker and on the API's own extraction worker.
It raises to have the article tried again: a database that cannot be reached (the
article was not stored, so its message must not be acknowledged), or an extraction that
ran out of time or memory or lost its process (another try, on a quieter machine, may
pass). An article whose own content fails (unreadable, a fault of the rules on its
values) is recorded failed at once: it would fail alike every time.
"""

from __future__ import annotations

from sqlalchemy import Engine

from ..config import get_settings
from ..errors import NotFound
from ..extract.text.article import ArticleFormatError
from ..extract_worker import ExtractionFailed, ExtractionOverMemory, ExtractionTimeout, WorkerLost
from ..ingest import ingest_body, reextract
from .problems import article_problem, problem_body
from .records import finish, take, utc

# failures that another try may not repeat: the time or memory an article took depends on
# the machine's load, and a worker process can die of something else than its article
RETRYABLE = (ExtractionTimeout, ExtractionOverMemory, WorkerLost)
INSTANCE = "/v1/articles"  # the problem is the one a POST there would have answered


class GaveUp(Exception):
    """An article failed every try: it is recorded failed, and its message goes to the dead-letter queue."""


def run_article(engine: Engine, item_id: int) -> None:
    """Store or re-extract one job article and record what became of it; raise to have it tried again.

    Its tries are counted in its row (`attempts`), not in the message: a try is a worker
    taking it, so a worker killed on it counts, and a database that was away does not.
    """
    taken = take(engine, item_id)
    if taken is None:  # finished already: a message redelivered after its outcome was recorded
        return
    last_try = taken.attempts > get_settings().job_retries
    try:
        if taken.kind == "reextract":
            assert taken.article_id is not None
            if not reextract(engine, taken.article_id):
                gone = NotFound(f"article {taken.article_id} was deleted before it was re-extracted")
                finish(engine, item_id, status="failed", problem=problem_body(gone, INSTANCE))
                return
            finish(engine, item_id, status="stored", article_id=taken.article_id)
            return
        assert taken.body is not None and taken.content_type is not None
        stored = ingest_body(engine, taken.body, content_type=taken.content_type)
    except RETRYABLE as exc:
        if not last_try:
            raise
        finish(engine, item_id, status="failed", problem=problem_body(article_problem(exc), INSTANCE))
        raise GaveUp(f"job article {item_id} failed {taken.attempts} times: {exc}") from exc
    except (ArticleFormatError, ExtractionFailed) as exc:
        finish(engine, item_id, status="failed", problem=problem_body(article_problem(exc), INSTANCE))
        return
    # found stored: by this article's own earlier try (a worker that died after storing it,
    # before recording so) when there was one and it was stored after that try began; else
    # by someone else (before the job, or another article of it with the same content)
    earlier_try = taken.attempts > 1 and utc(stored.article.created_at) >= taken.first_started
    ours = stored.created or earlier_try
    finish(engine, item_id, status="stored" if ours else "duplicate", article_id=stored.article.id)
