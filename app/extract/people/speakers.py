"""Who said it: the entity a quote's speaker or a claim's source is, "he" and "the governor" included.

The extractors return the article's words for a speaker ("Britain's Defense Ministry",
"he"); this module ties them to the article's entities.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..facts import ArticleFacts, article_index
from ..lexicon import DOCUMENT_NOUNS, PERSON_NOUNS, TITLE_HEADS
from ..places.location import segment_of
from ..text.folding import fold
from ..text.parse import MAX_DEPTH, is_root
from .attribution import document_maker, source_span, subject_of
from .clusters import People
from .entities import Entity

PRONOUNS = {"he", "she", "him", "her", "they", "it", "we", "i"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
DOCUMENT_LOOKBACK = 3  # sentences before "the statement" in which its first mention is looked for


def speaker_entity(
    facts: ArticleFacts, doc: Doc, people: People, text: str | None, start: int | None, end: int | None
) -> int | None:
    """The entity the words naming a speaker or source refer to.

    First the person they refer to (`people`: a name, the description beside one, a role
    noun or a pronoun standing for one), then an organisation or person they name, else
    the one person holding the role they name.
    """
    if start is not None and end is not None:
        person = people.at(start, end)
        if person is not None:
            return person
    found = _entity_for(facts, text, start, end)
    if found is None and start is not None and end is not None:
        found = _role_words(facts, doc, start, end)
    if found is None and text:
        found = _bearer_of_name_word(facts, text)
    if found is None and start is not None and end is not None:
        earlier = _earlier_document_maker(doc, start, end)
        if earlier is not None:
            found = speaker_entity(facts, doc, people, earlier.text, earlier.start_char, earlier.end_char)
    return found


def _earlier_document_maker(doc: Doc, start: int, end: int) -> Span | None:
    """ "Trump, in a statement, announced ... The statement also said": the words naming who
    made the document a definite "the statement" refers back to, in its sentence or the few before."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    noun = span.root
    if noun.lemma_.lower() not in DOCUMENT_NOUNS or not any(t.lower_ in {"the", "this"} for t in span):
        return None
    sentence = noun.sent
    for _ in range(DOCUMENT_LOOKBACK):
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
    lo = sentence.start
    for token in reversed(doc[lo : span.start]):
        if token.lemma_.lower() != noun.lemma_.lower() or token.pos_ != "NOUN":
            continue
        maker = document_maker(token)
        if maker is None and token.dep_ == "pobj" and token.head.lower_ == "in":
            maker = subject_of(token.head.head)  # "X, in a statement, announced"
        return source_span(maker) if maker is not None and maker.pos_ != "PRON" else None
    return None


def _bearer_of_name_word(facts: ArticleFacts, text: str) -> int | None:
    """ "Tamim claimed", "according to al-Eryani", "Hardeep said": the one person of the article
    whose name holds that word, when the model tagged the lone word as no one.

    Names with particles ("Ali bin Tamim", "Moammar al-Eryani") and names given first
    ("Hardeep Singh Puri") escape the surname rules; one bearer in the article is unambiguous.
    """
    words = text.split()
    if len(words) != 1 or not words[0][:1].isupper() or words[0].lower() in PRONOUNS:
        return None
    word = fold(words[0]).split("-")[-1]
    bearers = {
        i
        for i, e in enumerate(facts.entities)
        if e.kind == "person" and word in fold(e.name).replace("-", " ").split()
    }
    return bearers.pop() if len(bearers) == 1 else None


def _entity_for(facts: ArticleFacts, text: str | None, start: int | None, end: int | None) -> int | None:
    """The entity a mention inside the words names, else the first entity named by them or their last words."""
    if not text or start is None or end is None:
        return None
    index = article_index(facts, _Actors).current(facts.entities)
    overlapping = index.overlapping(start, end)
    # a person named inside the phrase wins over an organisation ("X of the Red Cross")
    people = [i for i in overlapping if facts.entities[i].kind == "person"]
    if overlapping:
        return max(people) if people else min(overlapping)
    # else the first entity with the phrase, or its last words ("the minister Olena Berg"), as a name
    folded = fold(text)
    tails = [folded] + [folded[k + 1 :] for k, ch in enumerate(folded) if ch == " "]
    named = [index.first_named[t] for t in tails if t in index.first_named]
    return min(named) if named else None


class _ActorIndex:
    """An article's people and organisations, looked up by span and name instead of scanned.

    Every quote and claim asks which entity its speaker is: a scan of every mention of
    every entity made a long article quadratic.
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.size = len(entities)
        mentions = sorted(
            (m.start, m.end, i) for i, e in enumerate(entities) if e.kind != "place" for m in e.mentions
        )
        self.mentions = mentions
        self.starts = [s for s, _, _ in mentions]
        self.longest = max((e - s for s, e, _ in mentions), default=0)
        self.first_named: dict[str, int] = {}
        for i, ent in enumerate(entities):
            if ent.kind != "place":
                for name in ent.names():
                    self.first_named.setdefault(name, i)

    def overlapping(self, start: int, end: int) -> set[int]:
        """The entities with a mention overlapping [start, end)."""
        # a mention overlapping the range starts less than the longest mention before it
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return {i for _, m_end, i in self.mentions[lo:hi] if start < m_end}


class _Actors:
    """The index of one article's people and organisations, built once (again if one is added)."""

    def __init__(self) -> None:
        self.index: _ActorIndex | None = None

    def current(self, entities: Sequence[Entity]) -> _ActorIndex:
        """The index, rebuilt if a person or organisation was added since it was built."""
        index = self.index
        if index is None or any(e.kind != "place" for e in entities[index.size :]):
            index = self.index = _ActorIndex(entities)
        index.size = len(entities)  # places added later are none of its business
        return index


def _role_words(facts: ArticleFacts, doc: Doc, start: int, end: int) -> int | None:
    """ "the regional governor said": the one person of the article the role names, if one is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return _role_holder(facts, span) if span is not None and len(span) else None


def resolve_pronouns(facts: ArticleFacts, doc: Doc) -> None:
    """'it said', 'they said' name the organisation its paragraph is about; an unclear one nobody.

    That is the last one named as the subject of a main clause there or in the paragraph
    before. When that subject is no entity of the pronoun's kind ("officials" for "it"),
    the pronoun stays unresolved rather than reach further back. A person's "he" or "she"
    is not resolved here: it is a mention of its person's cluster (`people`), found with
    the speaker.
    """
    subjects = _subject_mentions(facts, doc)
    for q in facts.quotes:
        text = (q.quote.speaker_text or "").lower()
        if text in PERSON_PRONOUNS:
            continue  # a person's pronoun is resolved with the article's people (`people`)
        if q.speaker is None and text in PRONOUNS and q.quote.speaker_start is not None:
            q.speaker = _referent(facts, subjects, q.quote.speaker_start, text)
    for c in facts.claims:
        text = c.claim.source_text.lower()
        if c.source is None and text in PRONOUNS and text not in PERSON_PRONOUNS:
            c.source = _referent(facts, subjects, c.claim.source_start, text)


@dataclass(frozen=True)
class NamedSubject:
    """The subject of a main clause: the entity it names, else the kind of thing it seems to be."""

    start: int
    entity: int | None
    kind: str | None  # for a subject naming no entity: "person" ("the governor") or "organization"


def _subject_mentions(facts: ArticleFacts, doc: Doc) -> list[NamedSubject]:
    """The subjects of main clauses, in text order, with the entity each names (surnames included)."""
    found: list[NamedSubject] = []
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or token.pos_ not in {"PROPN", "NOUN"}:
            continue
        if not _main_clause(token.head):
            continue
        phrase = doc[token.left_edge.i : token.i + 1]
        named = next((c for c in token.children if c.dep_ == "appos"), None)
        entity = _named_entity(facts, phrase)
        if entity is None and named is not None:  # "The U.N. chief, Antonio Guterres, visited ..."
            entity = _named_entity(facts, doc[named.left_edge.i : named.i + 1])
        if entity is None:
            entity = _role_holder(facts, phrase)
        found.append(NamedSubject(phrase.start_char, entity, None if entity is not None else _kind_of(token)))
    return found


def _kind_of(token: Token) -> str | None:
    """What a subject naming no entity seems to be: one person, one organisation, or neither (plural)."""
    if token.tag_ not in {"NN", "NNP"}:
        return None  # "officials", "police": no antecedent of "he" or "it"
    if token.pos_ == "PROPN" or token.lower_ in PERSON_NOUNS or token.lower_ in TITLE_HEADS:
        return "person"
    return "organization"


def _named_entity(facts: ArticleFacts, phrase: Span) -> int | None:
    """The person or organisation a noun phrase names: by its tagged mention, else by surname."""
    start, end = phrase.start_char, phrase.end_char
    overlapping = [
        i
        for i, e in enumerate(facts.entities)
        if e.kind != "place" and any(m.start < end and start < m.end for m in e.mentions)
    ]
    if overlapping:
        return next((i for i in overlapping if facts.entities[i].kind == "person"), overlapping[0])
    last = fold(phrase[-1].text)
    # a surname the model left untagged ("Guterres spoke to reporters"), when one person has it
    bearers = [
        i for i, e in enumerate(facts.entities) if e.kind == "person" and fold(e.name).split()[-1:] == [last]
    ]
    return bearers[0] if len(bearers) == 1 and phrase[-1].pos_ == "PROPN" else None


def _role_holder(facts: ArticleFacts, phrase: Span) -> int | None:
    """The one person of the article holding a role named by a definite phrase: "the governor"."""
    head = phrase[-1]
    definite = any(t.lower_ == "the" or t.dep_ == "poss" for t in phrase)
    if not definite or head.lower_ not in TITLE_HEADS:
        return None
    holders = [
        i
        for i, e in enumerate(facts.entities)
        if e.kind == "person" and any(head.lower_ in fold(role).split() for role in e.roles)
    ]
    return holders[0] if len(holders) == 1 else None


def _main_clause(verb: Token) -> bool:
    """Whether a verb tells what the sentence is about, not what someone said or thought."""
    token = verb
    for _ in range(MAX_DEPTH):
        if is_root(token):
            return True
        if token.dep_ in {"ccomp", "relcl", "acl"}:
            return False
        token = token.head
    return True


def _referent(facts: ArticleFacts, subjects: Sequence[NamedSubject], offset: int, pronoun: str) -> int | None:
    """The entity a pronoun at `offset` stands for: the last main-clause subject of its kind nearby."""
    kind = "person" if pronoun in PERSON_PRONOUNS else "organization"
    here = segment_of(facts.article, offset)
    same = [i for i, s in enumerate(facts.article.segments) if s.kind == facts.article.segments[here].kind]
    earlier = [i for i in same if i < here]
    start = facts.article.segments[earlier[-1] if earlier else here].start
    for subject in reversed([n for n in subjects if start <= n.start < offset]):
        if subject.entity is not None:
            return subject.entity if facts.entities[subject.entity].kind == kind else None
        if subject.kind == kind:
            return None  # "the ministry ... it said": a speaker we cannot name
    return None
