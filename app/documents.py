"""The facts document of an extraction that has not been stored (`factsapi extract`).

Built from the rows the store would write (`store.fact_rows`), shaped by the functions
that shape the stored document (`GET /v1/articles/{id}/facts`): the two cannot drift
apart. Ids are positions in the document's own lists, spans have no article id, and
facts come in extraction order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import models
from .identities import entity_row
from .queries.articles import date_public, facts_document
from .queries.facts import as_selected, shape
from .queries.filters import FactModel
from .schemas import FactsDocument
from .store import article_row, fact_rows, segment_rows

if TYPE_CHECKING:
    from .extract.facts import ArticleFacts


class Numbered(Protocol):
    id: int | None


Row = TypeVar("Row", bound=Numbered)


def extracted_document(facts: ArticleFacts, *, source: str | None = None) -> FactsDocument:
    """Build the facts document of one extracted article."""
    article = article_row(facts.article)
    article.source = source or article.source
    segments = numbered(segment_rows(facts, None))
    entities = numbered([entity_row(ent) for ent in facts.entities])
    rows = fact_rows(
        facts, article_id=None, segment_ids=range(len(segments)), entity_ids=range(len(entities))
    )

    def shaped(model: FactModel, fact_list: Sequence[Any]) -> list[Any]:
        return [shape(model, as_selected(model, fact, entities, segments)) for fact in numbered(fact_list)]

    document = facts_document(
        article,
        entities,
        {
            models.Quote: shaped(models.Quote, rows.quotes),
            models.Claim: shaped(models.Claim, rows.claims),
            models.Figure: shaped(models.Figure, rows.figures),
        },
        [date_public(d, segments[d.segment_id].kind) for d in rows.dates],  # type: ignore[index]
    )
    document.article.created_at = None  # never stored
    return document


def numbered(rows: Sequence[Row]) -> Sequence[Row]:
    """The rows, each given its position as id: the unstored document's ids."""
    for position, row in enumerate(rows):
        row.id = position
    return rows
