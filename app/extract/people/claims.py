"""Claims: statements the article attributes to someone ("X said ...", "according to X").

A claim needs both a source and content in the parse: the clause under a reporting verb
(its ccomp), the object of a verb that reports a thing ("reported heavy shelling"), the
sentence around a parenthetical "he said" or "according to X", or the that-clause of a
statement noun ("have given assurances that ..."). A verb with nothing to attribute
("Karmanau reported from Lviv", "afraid to tell him") is no claim.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    CHARACTERISING_VERBS,
    DOCUMENT_NOUNS,
    GENERIC_ORG_WORDS,
    GROUNDS_PREPOSITIONS,
    OBJECT_CONTENT_VERBS,
    ORG_SUFFIXES,
    PEOPLE_ENDINGS,
    PEOPLE_NOUNS,
    REPORTING_VERBS,
    STATEMENT_LIGHT_VERBS,
    STATEMENT_NOUNS,
    SYMPATHY_WORDS,
    TITLE_HEADS,
    VERBS_THINGS_DO,
)
from ..text.parse import MAX_DEPTH
from ..types import Claim, Quote
from .attribution import RangeList, inside, source_span, subject_of, trimmed
from .quotes import quoted_ranges

# a clause is attributed content when it is a finite clause under the verb
CONTENT_DEPS = {"ccomp"}
# a parenthetical or inverted attribution hangs on the clause it attributes
ASIDE_DEPS = {"parataxis", "ccomp", "advcl"}

Piece = tuple[int, int]  # token bounds [start, end)
# words a quotation needs to be a claim of its own: "a “dastardly act”" is a label, not a statement
MIN_QUOTED_CLAIM_WORDS = 4
COVERED_SHARE = 0.8  # of a quote's characters a claim must hold to stand for it
# determiners of a thing the reader already knows: "admitted his guilt", "announced the shutdown"
KNOWN_DETERMINERS = {"the", "this", "that", "these", "those"}
QUOTE_MARKS = {'"', "“", "”"}
SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[a-z]+")


def extract_claims(span: Doc | Span) -> list[Claim]:
    """Every attributed statement in the span, with the words naming its source."""
    doc = span.doc if isinstance(span, Span) else span
    tokens = span if isinstance(span, Span) else doc[:]
    quoted = RangeList(p for q in quoted_ranges(span) for p in q.parts)
    claims: list[Claim] = []
    seen: set[tuple[int, int, int]] = set()
    for token in tokens:
        if inside(token, quoted):
            continue  # a verb inside a quotation is the speaker's own words, attributed by the quote
        found = _reported(token) or _according_to(token) or _statement_noun(token) or _characterised(token)
        if found is None:
            continue
        pieces, source, verb = found
        claim = _claim(doc, pieces, source, verb)
        if claim is not None and (claim.start, claim.end, claim.source_start) not in seen:
            seen.add((claim.start, claim.end, claim.source_start))
            claims.append(claim)
    return claims


def _reported(verb: Token) -> tuple[list[Piece], Span, str] | None:
    """A reporting verb with a subject and something it reports."""
    if verb.lemma_ not in REPORTING_VERBS or verb.pos_ not in {"VERB", "AUX"}:
        return None
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return None  # "were reported killed": the reporter is not named
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not say when": nothing was stated
    pieces = _content(verb)
    if not pieces:
        return None
    subject = subject_of(verb)
    if subject is None or (_things_do(verb) and not _speaks(subject)):
        return None
    return pieces, source_span(subject), verb.lemma_


def _things_do(verb: Token) -> bool:
    """Whether a thing may be the verb's subject: "intelligence indicates", "the strike claimed
    20 lives"; a thing claims no clause, so "Mijares claimed 90 were wounded" needs no check."""
    if verb.lemma_ == "claim":
        return not any(c.dep_ in CONTENT_DEPS for c in verb.children)
    return verb.lemma_ in VERBS_THINGS_DO


def _speaks(subject: Token) -> bool:
    """Whether a subject is someone who can state a thing: a name, a pronoun, a person or a
    body ("officials", "police", "the fire service"), or a report; not "intelligence" or "data"."""
    if subject.pos_ == "PRON" or any(t.ent_type_ in SPEAKER_LABELS for t in subject.subtree):
        return True  # a name, or a thing of a named body: "the NHC advisory"
    if subject.text[:1].isupper() and (subject.pos_ == "PROPN" or not subject.is_sent_start):
        # a name, whatever the tagger says ("Mijares" as a noun), and not a lower-case
        # "intelligence" the tagger calls a proper noun
        return True
    word = subject.lower_
    return (
        subject.lemma_.lower() in PEOPLE_NOUNS | TITLE_HEADS | DOCUMENT_NOUNS
        or word in GENERIC_ORG_WORDS
        or subject.text.title() in ORG_SUFFIXES
        or word.endswith(PEOPLE_ENDINGS)
    )


def _content(verb: Token) -> list[Piece]:
    """The token pieces a reporting verb attributes."""
    clauses = [c for c in verb.children if c.dep_ in CONTENT_DEPS and not _is_aside(c, verb)]
    # "said that X and that Y" where the parser hangs the second clause on the verb
    clauses += [
        c for c in verb.children if c.dep_ == "conj" and _has_mark(c) and not _has_subject_of(c, verb)
    ]
    # "said in a statement that ...": the parser hangs the clause on the statement
    clauses = clauses or [
        c
        for prep in verb.children
        if prep.dep_ == "prep"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for c in pobj.children
        if c.dep_ in {"acl", "ccomp"} and _has_mark(c)
    ]
    if not clauses and verb.dep_ == "relcl" and any(_relative_subject(c) for c in verb.children):
        # "a strike that officials said killed 12": the relative word is the said clause's subject
        clauses = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
    if clauses:
        start = min(c.left_edge.i for c in clauses)
        return [(_lost_subject(verb, clauses[0], start), max(c.right_edge.i for c in clauses) + 1)]
    # a noun phrase states nothing alone: the verb is part of the claim ("reported heavy
    # shelling", "denied targeting civilians"), as a denial is the opposite of its object
    if verb.lemma_ in OBJECT_CONTENT_VERBS:
        objects = [
            c for c in verb.children if _stated_object(verb, c) or (c.dep_ == "xcomp" and c.tag_ == "VBG")
        ]
        if objects:
            return [(_verb_group(verb), objects[0].right_edge.i + 1)]
    if verb.lemma_ in GROUNDS_PREPOSITIONS:
        # "accused Russia of shelling civilians", "attributed the bombing to Houthi rebels"
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        grounds = [
            c for c in verb.children if c.dep_ == "prep" and c.lower_ == GROUNDS_PREPOSITIONS[verb.lemma_]
        ]
        if objects and grounds:
            return [(_verb_group(verb), grounds[0].right_edge.i + 1)]
    if _is_aside_of_head(verb):
        # "At the same time, he said, pressure is ..." / "X happened, officials said"
        return _around(_coordination(verb.head, verb), verb)
    if _is_misparsed_tail(verb):
        return _around(verb.sent.root, verb)
    return []


def _verb_group(verb: Token) -> int:
    """Where the verb's words begin: "have repeatedly denied", "subsequently claimed"."""
    start = verb.i
    while start - 1 > verb.sent.start and verb.doc[start - 1].head.i == verb.i:
        if verb.doc[start - 1].dep_ not in {"aux", "advmod"}:
            break
        start -= 1
    return start


def _lost_subject(verb: Token, clause: Token, start: int) -> int:
    """Where a reported clause begins when the parser took its subject for the verb's object:
    "He remarked [toilet paper] [is a bulky item]", "commented [the tweets] [are ...]"."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in clause.children):
        return start
    thing = next((c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i), None)
    if thing is None or thing.pos_ == "PRON" or thing.right_edge.i + 1 != start:
        return start  # "told him to ...": a person told, and no clause of its own
    return thing.left_edge.i


def _stated_object(verb: Token, child: Token) -> bool:
    """An object that is what a verb reports: not a pronoun, not lives taken ("claimed 20
    lives"), not what the article already told (a denial excepted)."""
    if child.dep_ != "dobj" or child.pos_ == "PRON" or child.lemma_ == "life":
        return False
    return verb.lemma_ == "deny" or not _already_known(child)


def _already_known(noun: Token) -> bool:
    """An object naming what the article already told: "admitted his guilt", "announced the
    shutdown", "confirmed the end of his campaign" state nothing new, while "reported heavy
    shelling" and "confirmed the deaths of 20 people" (a count) do. A denial is of what was
    told before ("denied the allegations"), so it is not asked this."""
    opener = noun.left_edge
    known = opener.lower_ in KNOWN_DETERMINERS or (opener.dep_ == "poss" and opener.pos_ == "PRON")
    return known and not any(t.like_num for t in noun.subtree)


def _relative_subject(token: Token) -> bool:
    return token.dep_ == "nsubj" and token.lower_ in {"that", "which", "who"}


def _is_misparsed_tail(verb: Token) -> bool:
    """ "X was destroyed, killing one person, officials said.": an attribution closing the sentence.

    The parser often hangs such a tail on the noun before it as a relative clause; one
    without a relative word, set off by a comma and ending the sentence, attributes it all.
    """
    if verb.dep_ != "relcl" or verb.sent.root.i == verb.i:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in {"who", "which", "that"} or subject.i > verb.i:
        return False
    doc = verb.doc
    before = subject.left_edge.i - 1
    after = [t for t in doc[verb.right_edge.i + 1 : verb.sent.end] if not (t.is_punct or t.is_space)]
    return before >= verb.sent.start and doc[before].text == "," and not after


def _coordination(head: Token, aside: Token) -> Token:
    """The first of the clauses an attribution closes: "Two were killed and five wounded, police said"."""
    for _ in range(MAX_DEPTH):
        if head.dep_ != "conj" or aside.i < head.i or head.head.i == head.i:
            break
        head = head.head
    return head


def _is_aside_of_head(verb: Token) -> bool:
    """A contentless attribution set into the clause it attributes: "X, he said, Y", "as he said"."""
    if verb.dep_ not in ASIDE_DEPS or verb.head.pos_ not in {"VERB", "AUX"} or verb.head.i == verb.i:
        return False
    if any(c.dep_ == "advmod" and c.tag_ == "WRB" for c in verb.children):
        return False  # "When X announced his resignation, Y joined the race" says when
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    # "after officials reported" says when, not who says so; "as Putin said" attributes
    return not marks or marks == {"as"}


def _is_aside(clause: Token, verb: Token) -> bool:
    """A clause that is itself an inverted attribution: "A said X, B said" leaves B out of A's claim."""
    if clause.lemma_ not in REPORTING_VERBS or clause.i < verb.i:
        return False
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    # "said the police were attributing authorship to X" reports a clause with its own object
    no_content = not any(c.dep_ in CONTENT_DEPS | {"dobj"} for c in clause.children)
    return subject is not None and no_content and clause.left_edge.i > verb.i


def _has_mark(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"that", "whether"} for c in token.children)


def _has_subject_of(token: Token, verb: Token) -> bool:
    return token.lemma_ in REPORTING_VERBS and token.i > verb.i and _is_aside(token, verb)


def _around(head: Token, aside: Token, aside_end: int | None = None) -> list[Piece]:
    """The clause `head` heads, less the attribution inside it."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    cut_start, cut_end = aside.left_edge.i, max(aside.right_edge.i + 1, aside_end or 0)
    pieces = [(start, cut_start), (cut_end, end)]
    return [(a, b) for a, b in pieces if b > a]


def _according_to(token: Token) -> tuple[list[Piece], Span, str] | None:
    """ "..., according to X": X is the source of the clause the phrase hangs on."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None or token.head.i == token.i:
        return None
    named = source_span(source)
    # the name may hang outside the phrase: "according to the head of X, David Arakhamia, ..."
    last = named[-1] if named.end > token.right_edge.i else token.right_edge
    return _around(_coordination(token.head, token), token, last.right_edge.i + 1), named, "according to"


def _statement_noun(verb: Token) -> tuple[list[Piece], Span, str] | None:
    """ "Putin has given assurances that ...", "the ministry issued a warning that ..."."""
    if verb.lemma_ not in STATEMENT_LIGHT_VERBS:
        return None
    for noun in verb.children:
        if noun.dep_ != "dobj" or noun.lemma_.lower() not in STATEMENT_NOUNS:
            continue
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and _has_mark(c)), None)
        subject = subject_of(verb)
        if clause is not None and subject is not None:
            piece = (clause.left_edge.i, clause.right_edge.i + 1)
            return [piece], source_span(subject), f"{verb.lemma_} {noun.lemma_.lower()}"
    return None


def _characterised(verb: Token) -> tuple[list[Piece], Span, str] | None:
    """ "Schiff called it “a non-starter”", "denounced the claims as a “national embarrassment”":
    the thing and the speaker's quoted label for it, a judgement the speaker states."""
    if verb.lemma_ not in CHARACTERISING_VERBS or verb.pos_ != "VERB":
        return None
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    labels = [c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i]
    labels += [
        pobj
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "as"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    subject = subject_of(verb)
    if thing is None or not labels or subject is None:
        return None
    end = max(t.right_edge.i for t in labels) + 1
    doc = verb.doc
    # only the speaker's own words: an unquoted label ("described as being tricky") may be the writer's
    if not any(t.text in QUOTE_MARKS for t in doc[thing.i + 1 : min(end + 1, len(doc))]):
        return None
    return [(thing.left_edge.i, end)], source_span(subject), verb.lemma_


def _claim(doc: Doc, pieces: list[Piece], source: Span, verb: str) -> Claim | None:
    """A claim from its content pieces: marks and edge punctuation trimmed, pieces joined."""
    kept: list[Piece] = []
    for a, b in _without(pieces, source):
        a, b = trimmed(doc, a, b)
        while a < b and doc[a].pos_ == "SCONJ" and doc[a].lower_ in {"that", "whether"}:
            a, b = trimmed(doc, a + 1, b)
        if b > a:
            kept.append((a, b))
    if not kept or not any(t.is_alpha for a, b in kept for t in doc[a:b]):
        return None
    a, b = kept[-1]
    if b < len(doc) and _opened(doc[kept[0][0] : b].text, doc[b].text):
        kept[-1] = (a, b + 1)  # "called it “a non-starter”": the label's closing mark stays with it
    text = doc[kept[0][0] : kept[0][1]].text
    for (a, b), (c, d) in itertools.pairwise(kept):
        text += _joint(doc[a:b], c) + doc[c:d].text
    if _only_sympathy(text):
        return None  # "Duda wrote: “May God protect their parents”" states nothing
    start, end = doc[kept[0][0]].idx, doc[kept[-1][1] - 1].idx + len(doc[kept[-1][1] - 1])
    return Claim(text, start, end, source.text, source.start_char, source.end_char, verb)


def _opened(text: str, following: str) -> bool:
    """Whether `following` closes a quotation `text` opens and leaves open."""
    if following == "”":
        return text.count("“") > text.count("”")
    return following == '"' and text.count('"') % 2 == 1


def _without(pieces: list[Piece], source: Span) -> list[Piece]:
    """Pieces with the source cut out, when the parser left it inside the content."""
    out: list[Piece] = []
    for a, b in pieces:
        if a <= source.start < b:
            out += [(a, source.start), (source.end, b)] if source.start > a else [(source.end, b)]
        else:
            out.append((a, b))
    return out


def _joint(before: Span, after: int) -> str:
    """What joins two pieces an attribution was cut from: a fronted phrase keeps its comma."""
    has_subject = any(t.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} and t.head.i >= after for t in before)
    return " " if has_subject else ", "


def quoted_claims(quotes: Sequence[Quote], claims: Sequence[Claim]) -> list[Claim]:
    """A direct quotation with a speaker is a statement the article attributes: "“We will
    rebuild,” the mayor said" claims what the marks hold as much as "the mayor said they
    would rebuild" does. A quote that a claim already covers (most of it), or a fragment of a few words
    ("a “dastardly act”"), adds none.
    """
    taken = sorted((c.start, c.end) for c in claims)
    out: list[Claim] = []
    for q in quotes:
        if q.speaker_text is None or q.speaker_start is None or q.speaker_end is None:
            continue
        if len(q.text.split()) < MIN_QUOTED_CLAIM_WORDS or _only_sympathy(q.text):
            continue
        # a claim read from the quote's first sentence ("X wrote on Twitter, “A. B. C.”")
        # leaves the rest of it unclaimed: only a claim holding most of the quote covers it
        if any(min(b, q.end) - max(a, q.start) >= COVERED_SHARE * (q.end - q.start) for a, b in taken):
            continue
        out.append(Claim(q.text, q.start, q.end, q.speaker_text, q.speaker_start, q.speaker_end, "say"))
    return out


def _only_sympathy(text: str) -> bool:
    """A quotation that only offers sympathy or a wish, sentence by sentence: "Deeply saddened by
    the loss of lives", "May God protect their parents"; one that also tells a thing is a claim."""
    sentences = [s for s in SENTENCE_BREAK.split(text.strip()) if s]
    return bool(sentences) and all(
        s.lower().startswith("may ") or not SYMPATHY_WORDS.isdisjoint(WORD.findall(s.lower()))
        for s in sentences
    )
