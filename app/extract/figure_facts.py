"""A casualty or other figure tied to what the text says around it: its place, its day, who
reported it, and which reports describe the same incident."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .facts import ArticleFacts, FigureFact
from .figure_places import earlier_incident_sentences, figure_place
from .folding import fold
from .gazetteer import Gazetteer
from .incident import INCIDENT_WORDS, clause_scopes, day_scopes, governor, is_report_day
from .location import Located, located
from .numbers import VAGUE as VAGUE_COUNTS
from .types import CASUALTY_CATEGORIES, DateMention, Figure


def figure_fact(facts: ArticleFacts, doc: Doc, figure: Figure, gazetteer: Gazetteer) -> FigureFact:
    """A figure with its place and day; its source is read once speakers are resolved."""
    where = located(facts.article, doc, figure.start)
    number = _number_token(doc, figure)
    scopes = clause_scopes(number)
    place = figure_place(facts, number, scopes, where, gazetteer)
    return FigureFact(figure, where, place, _figure_date(facts, doc, number, scopes, where), None, None)


def _number_token(doc: Doc, figure: Figure) -> Token:
    span = doc.char_span(figure.start, figure.end, alignment_mode="expand") or doc[0:1]
    for token in span:
        if token.like_num or token.pos_ == "NUM" or token.lower_ in VAGUE_COUNTS:
            return token
    return span[0]


def attribute_figures(facts: ArticleFacts) -> None:
    """A figure's source is who its own clause is attributed to; none for the article's narration.

    The attribution is the narrowest claim or quote holding the figure ("..., officials
    said", "according to ...", "X said ... killed 12"); a claim elsewhere in the article
    says nothing about who reported this number.
    """
    for fig in facts.figures:
        at = fig.figure.start
        holders: list[tuple[int, int | None, str | None]] = [
            (c.claim.end - c.claim.start, c.source, c.claim.source_text)
            for c in facts.claims
            if c.claim.start <= at < c.claim.end
        ]
        holders += [
            (q.quote.end - q.quote.start, q.speaker, q.quote.speaker_text)
            for q in facts.quotes
            if q.quote.start <= at < q.quote.end
        ]
        if holders:
            _, fig.source, fig.source_text = min(holders, key=lambda h: h[0])


def _figure_date(
    facts: ArticleFacts, doc: Doc, number: Token, scopes: Sequence[Span], where: Located
) -> dt.date | None:
    """The incident day the text gives for a figure, else None: the publication day is not it.

    In order: a day in its clause or the clauses it hangs on, a day hanging on an incident
    word of its sentence ("in a strike Tuesday"), the day of the incident its paragraph
    opens with, the day its source spoke ("officials said Tuesday"), its caption's date.
    """
    # a week or month told for the incident ("floods last week") leaves its day unknown
    dates = [d.mention for d in facts.dates]
    said_on: list[DateMention] = []
    for scope in day_scopes(scopes):
        inside = [m for m in dates if scope.start_char <= m.start and m.end <= scope.end_char]
        told = [m for m in inside if not _said_on(doc, m)]
        if told:
            return min(told, key=lambda m: abs(m.start - number.idx)).day
        said_on += [m for m in inside if m not in said_on and m.day is not None]
    sent = number.sent
    for m in dates:
        if sent.start_char <= m.start and m.end <= sent.end_char and _on_incident(doc, m):
            return m.day
    for earlier in earlier_incident_sentences(facts, number, where):
        inside = [m for m in dates if earlier.start_char <= m.start and m.end <= earlier.end_char]
        told = [m for m in inside if not _said_on(doc, m)]
        if told:
            return max(told, key=lambda m: _on_incident(doc, m)).day
    if said_on:
        return min(said_on, key=lambda m: abs(m.start - number.idx)).day
    return facts.segment_dates.get(where.segment)


def _date_root(doc: Doc, mention: DateMention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _said_on(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and is_report_day(root)


def _on_incident(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and governor(root).lemma_.lower() in INCIDENT_WORDS


def group_incidents(facts: ArticleFacts) -> None:
    """Reports of one incident (category, place, day) share a key; each report is kept.

    A report with no day joins the article's one incident of its category and place, if
    there is exactly one: a lead's "a strike that officials said killed 12", told with
    its day only a paragraph later, is that strike, not a second one to add to a map.
    """
    undated: list[FigureFact] = []
    days: dict[tuple[str, int], set[str]] = {}
    for fig in facts.figures:
        if fig.figure.category not in CASUALTY_CATEGORIES or fig.place is None:
            continue
        if fig.date is None:
            undated.append(fig)
            continue
        place = facts.entities[fig.place].name
        fig.incident = f"{fig.figure.category}|{fold(place)}|{fig.date.isoformat()}"
        days.setdefault((fig.figure.category, fig.place), set()).add(fig.incident)
    for fig in undated:
        assert fig.place is not None
        known = days.get((fig.figure.category, fig.place), set())
        if len(known) == 1:
            fig.incident = next(iter(known))
