"""What quotes and claims share: who the subject of a reporting verb is, and the words naming it.

A speaker or source is returned as the article words ("Britain’s Defense Ministry",
"he", "Oleksandr Palviuk"); resolving them to entities is the pipeline's job.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    DOCUMENT_NOUNS,
    GENERIC_ORG_WORDS,
    ORG_SUFFIXES,
    QUOTING_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)

# dependents that stay inside a noun phrase naming a speaker: "Britain’s Defense Ministry",
# "a top British intelligence official", "U.S. intelligence officials"
NP_LEFT_DEPS = {"det", "poss", "amod", "compound", "nmod", "nummod", "quantmod", "case", "predet"}
# "the head of the delegation", "a spokesman for the ministry", "officials in Kyiv"
NP_PREPS = {"of", "for", "at", "from", "in"}
SUBJECT_DEPS = {"nsubj"}
# a participle or conjunct shares the subject of the verb it hangs on: "..., adding that",
# "a statement saying", "said X and added Y"
SHARED_SUBJECT_DEPS = {"conj", "advcl", "acl", "xcomp", "pcomp", "dobj", "pobj", "prep"}
RELATIVE_WORDS = {"who", "which", "that"}
NAME_LABELS = {"PERSON"}
NOT_PERSON_LABELS = {"ORG", "GPE", "NORP", "LOC", "FAC"}
BOUNDARY_PUNCT = set(",;:-—–()[]\"'“”‘’«».!?")


def subject_of(verb: Token) -> Token | None:
    """The head word of who does `verb`: its subject, or the subject it shares with its head."""
    token = verb
    for _ in range(4):  # a few steps up: "issued a statement saying", "quoted as saying"
        own = _own_subject(token)
        if own is not None:
            return own
        if token.dep_ not in SHARED_SUBJECT_DEPS or token.head.i == token.i:
            break
        if token.dep_ in {"dobj", "pobj", "prep"} and token.i == verb.i:
            break
        token = token.head
        if token.dep_ == "ccomp" and verb.tag_ == "VBG" and token.head.lemma_ in QUOTING_VERBS:
            # "X said the use of currencies “costs ...,” further saying": the participle
            # the model hung on the reported clause is the reporter's, not that clause's subject's
            token = token.head
    if verb.tag_ in {"VBD", "VBZ", "VBP"}:
        return _subject_before_commas(verb)
    return None


def _own_subject(verb: Token) -> Token | None:
    # two subjects are a parse error, most often a dateline taken in ("VATICAN CITY (AP) —
    # Pope Francis appealed"): the one next to the verb is its subject
    children = sorted(
        verb.children, key=lambda c: (c.dep_ in SUBJECT_DEPS and c.i < verb.i, c.i), reverse=True
    )
    for child in children:
        if child.dep_ in SUBJECT_DEPS and child.lower_ not in {"there"}:
            if child.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
                # "Zelenskyy, who said ...": the relative word stands for the noun it follows
                return verb.head
            return child
        if child.dep_ == "nsubjpass" and verb.lemma_ == "quote":
            return child  # "Peskov was quoted as saying"
    return None


def _subject_before_commas(verb: Token) -> Token | None:
    """A subject the parser lost behind an appositive: "Jeremy Fleming, head of X, said"."""
    sent = verb.sent
    chunks: list[list[Token]] = [[]]
    for token in sent:
        if token.i >= verb.i:
            break
        if token.text == ",":
            chunks.append([])
        elif not token.is_space:
            chunks[-1].append(token)
    # "X, DESCRIPTION, said" has an empty chunk right before the verb
    candidates = chunks[-3:-1] if not chunks[-1] else chunks[-1:]
    for chunk in candidates:
        # right before the verb any noun will do ("..., the city's mayor said"); behind an
        # appositive only a name ("Jeremy Fleming, head of X, said")
        named = any(t.ent_type_ in NAME_LABELS or t.pos_ == "PROPN" for t in chunk)
        if chunk and (named or chunk[-1].i == verb.i - 1) and chunk[-1].pos_ in {"PROPN", "NOUN", "PRON"}:
            return chunk[-1]
    return None


def source_span(head: Token) -> Span:
    """The words naming a speaker or source, from the head of its noun phrase."""
    doc = head.doc
    if head.pos_ == "PRON":
        return doc[head.i : head.i + 1]
    maker = document_maker(head)
    if maker is not None:
        return source_span(maker)
    if not _is_name(head):
        named = _appositive_name(head)
        if named is not None:
            return _name_part(named) or _noun_phrase(named)
    elif head.ent_type_ not in NAME_LABELS:
        # an organisation the model made the subject, the person set beside it: "African
        # Export–Import Bank president Okey Oramah said" (the dash split the bank's name)
        person = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ in NAME_LABELS), None)
        if person is not None:
            return _name_part(person) or _noun_phrase(person)
    return _name_part(head) or _noun_phrase(head)


def _noun_phrase(head: Token) -> Span:
    """The head with its determiners, modifiers, possessor and a short of/for/in phrase."""
    doc = head.doc
    start = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in NP_LEFT_DEPS or child.is_punct:
            break
        start = child.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "case":
            end = child.i + 1
        elif child.dep_ == "prep" and child.lower_ in NP_PREPS and child.i == end:
            stop = next((t.i for t in child.subtree if t.text in {",", "("}), child.right_edge.i + 1)
            end = max(end, stop)
        else:
            break
    while start < end - 1 and doc[start].text in BOUNDARY_PUNCT:
        start += 1
    return doc[start:end]


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS


def _appositive_name(head: Token) -> Token | None:
    """The name beside a description: "the area’s governor, Viacheslav Chaus"; beside the
    description of a description too: "news source Daily Xtra's editorial director, Rachel Giese"."""
    for child in head.rights:
        if child.dep_ == "appos" and _is_name(child):
            return child
        if child.dep_ == "appos":
            inner = next((c for c in child.rights if c.dep_ == "appos" and c.ent_type_ in NAME_LABELS), None)
            if inner is not None:
                return inner
    # the parser often hangs the name elsewhere: "the head of the delegation, David Arakhamia,"
    phrase = _noun_phrase(head)
    after = head.doc[phrase.end : phrase.end + 2]
    if len(after) == 2 and after[0].text == "," and after[1].ent_type_ in NAME_LABELS:
        name = after[1]
        while name.i + 1 < len(head.doc) and head.doc[name.i + 1].ent_iob_ == "I":
            name = head.doc[name.i + 1]
        return name
    return None


def _name_part(head: Token) -> Span | None:
    """A person's name without the title before it: "Italian Premier Mario Draghi" -> "Mario Draghi"."""
    if head.pos_ != "PROPN":
        return None
    phrase = _noun_phrase(head)
    run_start = head.i
    while run_start > phrase.start and _name_word(head.doc[run_start - 1]):
        run_start -= 1
    if head.ent_type_ in NAME_LABELS:
        while run_start < head.i and head.doc[run_start].ent_type_ not in NAME_LABELS:
            run_start += 1
        return head.doc[run_start : head.i + 1]
    before = head.doc[run_start - 1] if run_start > phrase.start else None
    titled = before is not None and (before.lower_ in TITLE_HEADS or before.lower_.endswith("-general"))
    if titled and head.ent_type_ not in NOT_PERSON_LABELS - {"ORG"} and not _org_word(head):
        # NER misses many foreign names ("Oleksandr Palviuk" as ORG); a title before says person
        return head.doc[run_start : head.i + 1]
    return None


def _org_word(token: Token) -> bool:
    return token.text in ORG_SUFFIXES or token.lower_ in GENERIC_ORG_WORDS


def _name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and not _is_title(token) and token.dep_ == "compound"


def _is_title(token: Token) -> bool:
    word = token.lower_
    return word in TITLE_HEADS or word in TITLE_MODIFIERS or word.endswith("-general")


def document_maker(head: Token) -> Token | None:
    """Who a document speaks for: "a statement from the ministry", "the ministry’s report"."""
    if head.lemma_.lower() not in DOCUMENT_NOUNS and head.lower_ not in DOCUMENT_NOUNS:
        return None
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without the punctuation, quote marks and spaces at either end."""
    while start < end and (doc[start].text in BOUNDARY_PUNCT or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in BOUNDARY_PUNCT or doc[end - 1].is_space):
        end -= 1
    return start, end


def inside(token: Token, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether a token lies within one of the character ranges."""
    if isinstance(ranges, RangeList):
        return ranges.covers(token.idx)
    return any(start <= token.idx < end for start, end in ranges)


class RangeList(list[tuple[int, int]]):
    """Character ranges that `inside` tests in log time; not to be changed once built.

    Every token of a long article is tested against every quotation in it: a scan of
    the list made that quadratic.
    """

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        super().__init__(ranges)
        ordered = sorted(self)
        self._starts = [start for start, _ in ordered]
        # the furthest end of the ranges starting at or before each start, so one look-up answers
        self._reach = list(accumulate((end for _, end in ordered), max))

    def covers(self, offset: int) -> bool:
        """Whether `offset` lies within one of the ranges."""
        k = bisect_right(self._starts, offset)
        return k > 0 and self._reach[k - 1] > offset
