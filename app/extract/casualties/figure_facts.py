"""A casualty or other figure tied to what the text says around it: its place, its day, who
reported it, and which reports describe the same incident."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..facts import ArticleFacts, FigureFact
from ..people.clusters import People
from ..people.speakers import speaker_entity
from ..places.gazetteer import Gazetteer
from ..places.location import Located, located
from ..text.folding import fold
from ..types import CASUALTY_CATEGORIES, DateMention, Figure
from .figure_places import (
    earlier_incident_sentences,
    figure_place,
    is_headline,
    lead_sentence,
    place_specificity,
)
from .incident import INCIDENT_WORDS, clause_scopes, day_scopes, governor, is_report_day, tells_incident
from .numbers import VAGUE as VAGUE_COUNTS


def figure_fact(facts: ArticleFacts, doc: Doc, figure: Figure, gazetteer: Gazetteer) -> FigureFact:
    """A figure with its place and day; its source is read once speakers are resolved."""
    where = located(facts.article, doc, figure.start)
    number = _number_token(doc, figure)
    scopes = clause_scopes(number)
    displaced = figure.category in {"displaced", "evacuated"}
    place = figure_place(facts, number, scopes, where, gazetteer, displaced=displaced)
    date, said = _figure_date(facts, doc, number, scopes, where)
    day = _not_after(date, facts.article.published)
    # a day or period its sentence tells but not as its own ("talks resumed on Friday" about a
    # war "that has seen thousands die", "deaths since 2015") leaves it no day from elsewhere
    other_time = day is None and any(
        number.sent.start_char <= d.mention.start < number.sent.end_char for d in facts.dates
    )
    return FigureFact(
        figure, where, place, day, None, None, date_said=said and day is not None, other_time=other_time
    )


def _not_after(day: dt.date | None, published: dt.date) -> dt.date | None:
    """A casualty figure's day is never after its story: a weekday read ahead is the one before.

    "According to officials on Saturday" in a Monday story is two days before, not five
    after; a later date ("by August 4") is a forecast, no incident's day.
    """
    if day is None or day <= published:
        return day
    if (day - published).days < 7:
        return day - dt.timedelta(days=7)
    return None


def _number_token(doc: Doc, figure: Figure) -> Token:
    span = doc.char_span(figure.start, figure.end, alignment_mode="expand") or doc[0:1]
    for token in span:
        if token.like_num or token.pos_ == "NUM" or token.lower_ in VAGUE_COUNTS:
            return token
    return span[0]


# A reporting verb set off by commas after what it reports, its subject after it: "..., reported
# officials, ...", "..., said police." News inverts short attributions; the parser often does
# not see the subject there, so it is read from the words.
INVERTED_VERBS = frozenset({"said", "reported", "told", "confirmed", "added"})
INVERTED_MAX = 8  # words of an inverted source: "said Police Chief Dana Smith of the city police"
# "By reports on Saturday, ...", "according to reports": the press, unnamed
REPORT_WORDS = frozenset({"reports", "media"})


def inverted_source(doc: Doc, number: Token) -> Span | None:
    """The source a figure's sentence names with the verb first: "..., reported officials, with 25 injured"."""
    sent = number.sent
    for token in doc[sent.start + 1 : sent.end]:
        if token.lower_ not in INVERTED_VERBS or doc[token.i - 1].text != ",":
            continue
        end = token.i + 1
        while end < sent.end and end - token.i <= INVERTED_MAX:
            word = doc[end]
            if word.is_punct or word.pos_ in {"VERB", "AUX", "SCONJ"} or word.lower_ == "that":
                break
            end += 1
        words = doc[token.i + 1 : end]
        stop = doc[end] if end < len(doc) else None
        closed = stop is None or stop.text in {",", ".", ";"}
        if len(words) and closed and any(w.pos_ in {"NOUN", "PROPN"} for w in words):
            return words
    return None


def report_source(number: Token) -> Span | None:
    """ "By reports", "according to media reports" before the figure in its sentence: the press as its source."""
    for token in number.doc[number.sent.start : number.i]:
        if token.lower_ in REPORT_WORDS and token.dep_ == "pobj" and token.head.lower_ in {"by", "to"}:
            return number.doc[token.i : token.i + 1]
    return None


# verbs that report what a clause they govern says: "Deputy Governor Oleg Klimov indicated 68
# people were missing", "..., university data indicated"
REPORTING_VERBS = frozenset(
    {
        "say",
        "indicate",
        "report",
        "confirm",
        "state",
        "announce",
        "show",
        "estimate",
        "add",
        "tell",
        "describe",
    }
)


SEEING_VERBS = frozenset({"see", "witness", "find", "count", "observe"})


def reported_clause_source(number: Token) -> Span | None:
    """The subject of the reporting verb whose clause holds the figure: "Klimov indicated 68 were missing".

    Read from the parse for a figure no claim holds: the claim rules keep to verbs of saying,
    while a report's figures also come "indicated" or "shown" by someone. A pronoun is left
    to the claims, which resolve it.
    """
    token = number
    while token.head.i != token.i:
        verb = token.head
        # "indicated 68 people were missing", "described witnessing 35 bodies"; not "reported being
        # told ...": what someone was told off the record is not their own count
        seen = token.dep_ == "xcomp" and token.lemma_.lower() in SEEING_VERBS
        if (token.dep_ == "ccomp" or seen) and verb.pos_ == "VERB" and verb.lemma_.lower() in REPORTING_VERBS:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None or subject.pos_ == "PRON":
                return None
            # the name and its modifiers, not an apposition after it ("Sharif Hotak, of the council,")
            return number.doc[subject.left_edge.i : subject.i + 1]
        token = verb
    return None


def attribute_unclaimed(facts: ArticleFacts, doc: Doc, people: People) -> None:
    """A figure no claim or quote holds takes an inverted attribution, the subject of the reporting
    verb its clause hangs on, or "by reports" of its sentence."""
    for fig in facts.figures:
        if fig.source_text is not None or fig.figure.category not in CASUALTY_CATEGORIES:
            continue
        number = _number_token(doc, fig.figure)
        words = inverted_source(doc, number) or reported_clause_source(number) or report_source(number)
        if words is None:
            continue
        fig.source_text = words.text
        fig.source = speaker_entity(facts, doc, people, words.text, words.start_char, words.end_char)


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
) -> tuple[dt.date | None, bool]:
    """The incident day the text gives for a figure, else None: the publication day is not it.

    In order: a day in its clause or the clauses it hangs on, a day hanging on an incident
    word of its sentence ("in a strike Tuesday"), the day of the incident its paragraph
    opens with, the day its source spoke ("officials said Tuesday"), its caption's date.
    The flag is whether the day is only the one its source spoke on.
    """
    # a week or month told for the incident ("floods last week") leaves its day unknown
    dates = [d.mention for d in facts.dates]
    said_on: list[DateMention] = []
    chain = {scope.root.i for scope in scopes}
    for n, scope in enumerate(day_scopes(scopes)):
        inside = [m for m in dates if scope.start_char <= m.start and m.end <= scope.end_char]
        # beyond its own clause, a day is the figure's only on a verb it stands in or an incident:
        # "39 are confirmed dead, officials said, adding that rescuers ended their work yesterday"
        inside = [m for m in inside if n == 0 or _on_chain(doc, m, chain)]
        told = [m for m in inside if not _said_on(doc, m)]
        if told:
            return min(told, key=lambda m: abs(m.start - number.idx)).day, False
        said_on += [m for m in inside if m not in said_on and m.day is not None]
    sent = number.sent
    for m in dates:
        if (
            sent.start_char <= m.start
            and m.end <= sent.end_char
            and _on_incident(doc, m)
            and not _said_on(doc, m)
        ):
            return m.day, False
    for earlier in earlier_incident_sentences(facts, number, where):
        inside = [m for m in dates if earlier.start_char <= m.start and m.end <= earlier.end_char]
        told = [m for m in inside if not _said_on(doc, m)]
        if told:
            return max(told, key=lambda m: _on_incident(doc, m)).day, False
    if said_on:
        return min(said_on, key=lambda m: abs(m.start - number.idx)).day, True
    return facts.segment_dates.get(where.segment), False


def _date_root(doc: Doc, mention: DateMention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _on_chain(doc: Doc, mention: DateMention, chain: set[int]) -> bool:
    """Whether a date hangs on one of the verbs a figure stands in, or on an incident word."""
    root = _date_root(doc, mention)
    if root is None:
        return False
    head = governor(root)
    return head.i in chain or head.lemma_.lower() in INCIDENT_WORDS


def _said_on(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and is_report_day(root)


def _on_incident(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and governor(root).lemma_.lower() in INCIDENT_WORDS


def article_incident_day(facts: ArticleFacts, doc: Doc) -> dt.date | None:
    """The one day the article tells its incident on, if it is an incident's story and tells one.

    Only a story whose headline tells an incident ("Passenger flight crashes", "bomb kills
    photojournalist"): a sentencing, a study or an obituary dates itself, not the deaths it
    recalls. The day a date phrase hangs on an incident word ("the jet crashed on
    Wednesday", "last night's attack") where the article gives one such day; else the day
    its lead sentence gives as its only time ("Yesterday, a passenger flight overshot the
    runway"); never a day something was said ("State media on Saturday reported ..."), a
    death's ("died on Monday": one person's, told in an obituary), or after publication.
    """
    if not _headline_tells_incident(facts, doc):
        return None
    published = facts.article.published
    told = [d.mention for d in facts.dates if d.mention.day is not None and d.mention.day <= published]
    told = [m for m in told if not _said_on(doc, m) and not _on_death(doc, m)]
    incident_days = {m.day for m in told if _on_incident(doc, m)}
    if incident_days:
        return next(iter(incident_days)) if len(incident_days) == 1 else None
    lead = lead_sentence(facts, doc)
    if lead is None:
        return None
    in_lead = [d.mention for d in facts.dates if lead.start_char <= d.mention.start < lead.end_char]
    lead_days = {m.day for m in told if lead.start_char <= m.start and m.end <= lead.end_char}
    return next(iter(lead_days)) if len(lead_days) == 1 and len(in_lead) == 1 else None


def _headline_tells_incident(facts: ArticleFacts, doc: Doc) -> bool:
    """Whether the headline tells an incident (any story without a headline may)."""
    segments = facts.article.segments
    if not segments or not is_headline(facts, 0):
        return True
    span = doc.char_span(segments[0].start, segments[0].end, alignment_mode="expand")
    return (
        span is None
        or tells_incident(span)
        or any(f.where.segment == 0 and f.figure.category in CASUALTY_CATEGORIES for f in facts.figures)
    )


def _on_death(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and governor(root).lemma_.lower() == "die"


def _incident_day_of_article(facts: ArticleFacts, doc: Doc, figures: Sequence[FigureFact]) -> None:
    """A figure its text gives no time at all happened on the article's incident day.

    "The 176 people on board were all killed" in a story whose jet "crashed on Wednesday"
    died on Wednesday. A figure whose sentence tells another time keeps no day, and one in
    another town than the figures already told that day ("ten died in Dayton" in a story of
    the El Paso shooting) is another incident.
    """
    open_figures = [f for f in figures if f.date is None and not f.other_time]
    if not open_figures:
        return
    day = article_incident_day(facts, doc)
    if day is None:
        return
    towns = {
        f.place
        for f in figures
        if f.date == day and f.place is not None and place_specificity(facts, f.place) > 2
    }
    for fig in open_figures:
        elsewhere = (
            fig.place is not None and place_specificity(facts, fig.place) > 2 and fig.place not in towns
        )
        if not (towns and elsewhere):
            fig.date = day


def share_incident_details(facts: ArticleFacts, doc: Doc) -> None:
    """Casualty figures of one incident take from each other the place and day one leaves open.

    News tells an incident once with its day and town and then counts it again without
    them: the headline's "fire kills five" is the lead's "killed five children Thursday in
    Gainesville", and "six deaths" three paragraphs on is the same building's collapse.
    """
    figures = [f for f in facts.figures if f.figure.category in CASUALTY_CATEGORIES]
    _share_repeats(facts, figures)
    _town_of_country(facts, figures)
    _day_of_place(figures)
    _incident_day_of_article(facts, doc, figures)


def _count_key(fig: FigureFact) -> tuple[str, int] | None:
    value = fig.figure.value if fig.figure.value is not None else fig.figure.value_min
    return (fig.figure.category, value) if value is not None else None


def _share_repeats(facts: ArticleFacts, figures: Sequence[FigureFact]) -> None:
    """One count told twice ("kills five" in the headline, "killed five" in the lead) is one report.

    Each takes the other's day when it has none, its town when its own place is only the
    town's country or none, and a headline's count takes the source of the body's first telling.
    """
    repeats: dict[tuple[str, int], list[FigureFact]] = {}
    for fig in figures:
        key = _count_key(fig)
        if key is not None:
            repeats.setdefault(key, []).append(fig)
    for group in (g for g in repeats.values() if len(g) > 1):
        placed = [f for f in group if f.place is not None]
        best = max(placed, key=lambda f: place_specificity(facts, f.place or 0), default=None)
        days = {f.date for f in group if f.date is not None and not f.date_said}
        # the headline repeats the body's first telling: its source, or none for the narration's
        told = sorted((f for f in group if not _in_headline(facts, f)), key=lambda f: f.figure.start)
        sourced = told[0] if told and told[0].source_text is not None else None
        for fig in group:
            if best is not None and best.place is not None and _vaguer(facts, fig.place, best.place):
                fig.place = best.place
            if len(days) == 1 and (fig.date is None or fig.date_said):
                fig.date, fig.date_said = next(iter(days)), False
            if sourced is not None and fig.source_text is None and _in_headline(facts, fig):
                fig.source, fig.source_text = sourced.source, sourced.source_text


def _vaguer(facts: ArticleFacts, own: int | None, other: int) -> bool:
    """Whether `other` says more of the same place: none for `own`, or a town in `own`'s country.

    Only for a count told twice: the headline's "Florida" for the lead's Gainesville.
    """
    if own is None:
        return True
    mine, theirs = facts.entities[own].place, facts.entities[other].place
    if mine is None or theirs is None or mine.kind not in {"country", "region"}:
        return False
    return place_specificity(facts, other) > 1 and theirs.country == mine.country


def _in_headline(facts: ArticleFacts, fig: FigureFact) -> bool:
    """Whether the figure is in the article's headline."""
    return is_headline(facts, fig.where.segment)


def _town_of_country(facts: ArticleFacts, figures: Sequence[FigureFact]) -> None:
    """A figure placed only in a country (or nowhere) is in the one town the article's figures name there."""
    towns: dict[str | None, set[int]] = {}
    for fig in figures:
        place = facts.entities[fig.place].place if fig.place is not None else None
        if place is not None and fig.place is not None and place_specificity(facts, fig.place) > 2:
            towns.setdefault(place.country, set()).add(fig.place)
            towns.setdefault(None, set()).add(fig.place)
    for fig in figures:
        place = facts.entities[fig.place].place if fig.place is not None else None
        if fig.place is not None and (place is None or place.kind != "country"):
            continue
        if fig.other_time:
            continue  # "sixteen journalist deaths in the nation since 2015": a running count, no town's
        found = towns.get(place.country if place is not None else None, set())
        if len(found) == 1:
            fig.place = next(iter(found))


def _day_of_place(figures: Sequence[FigureFact]) -> None:
    """A figure with no day (or only the day it was said) in a place with one incident day has that day.

    "Six people died" with no day, in the town whose collapse the lead dates to Monday, died
    in Monday's collapse; with two days told for the town it stays unknown.
    """
    days: dict[int, set[dt.date]] = {}
    for fig in figures:
        if fig.place is not None and fig.date is not None and not fig.date_said:
            days.setdefault(fig.place, set()).add(fig.date)
    for fig in figures:
        if fig.place is None or (fig.date is not None and not fig.date_said) or fig.other_time:
            continue
        found = days.get(fig.place, set())
        if len(found) == 1:
            fig.date, fig.date_said = next(iter(found)), False


def group_incidents(facts: ArticleFacts, doc: Doc) -> None:
    """Reports of one incident (category, place, day) share a key; each report is kept.

    A report with no day joins the article's one incident of its category and place, if
    there is exactly one: a lead's "a strike that officials said killed 12", told with
    its day only a paragraph later, is that strike, not a second one to add to a map.
    """
    share_incident_details(facts, doc)
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
