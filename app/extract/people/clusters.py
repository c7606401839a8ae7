"""One person per article before any fact is attributed.

Every way an article refers to one person is grouped into one cluster: the full name and
the surname (`merging` folded those into one entity), the description set beside the name
("Nancy Pelosi, the Speaker of the House,"; "The Vice President, Mike Pence,"), a role
noun standing for the name ("the prime minister said"), and a pronoun ("she said").
Quotes, claims and figure sources are then tied to people through `People.at`, whatever
words the article uses for the speaker, instead of each rule guessing on its own.

Pure functions over the parse and the article's entities; the result is frozen.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..lexicon import PERSON_NOUNS, QUOTING_VERBS, TITLE_HEADS
from ..places.location import segment_of
from ..text.article import Article
from ..text.folding import fold
from ..text.parse import MAX_DEPTH, is_root
from .merging import Entity
from .names import FORMS_OF_ADDRESS, HONORIFICS
from .roles import descriptor_before, is_person_noun, relative_role, title_before, title_span

How = Literal["name", "description", "role", "pronoun"]
Gender = Literal["m", "f"]

SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, so long lists stay readable."""
    return frozenset(text.split())


PERSON_PRONOUNS: dict[str, Gender] = {"he": "m", "she": "f"}
# Honorifics and nouns that say whether the person is a man or a woman, so "she said"
# passes over the man named last ("Mr Brown met Mrs Rice. ... she said").
FEMALE_WORDS = _words(
    """mrs ms miss madam dame lady queen princess empress duchess countess baroness spokeswoman
    chairwoman congresswoman businesswoman policewoman sportswoman councilwoman wife mother daughter
    sister widow actress grandmother aunt niece girl woman girlfriend"""
)
MALE_WORDS = _words(
    """mr sir lord king prince emperor duke baron spokesman chairman congressman businessman
    policeman sportsman councilman husband father son brother widower grandfather uncle nephew
    boy man boyfriend"""
)
# People news reports without a name: "a witness said ... he said" is not the mayor named before
UNNAMED_PEOPLE = _words(
    """witness eyewitness victim suspect gunman attacker assailant passenger bystander employee customer
    patient neighbour neighbor source caller shooter motorist pedestrian tourist visitor guard"""
)
# A description beside a name stops at these: "Delfin Lorenzana, the Defence Secretary;"
APPOSITION_ENDS = {",", ";", ".", ")", "—", "–", ":"}
MAX_DESCRIPTION = 12  # words: a description longer than that is a clause, not a label
# before a name, ended by the comma beside it, an office may run longer: "The then-manager of
# Barmouth Publicity and Director of Mid Wales Tourism Partnership, David Clay,"
MAX_OFFICE = 16
# Words that make a title another office than its head alone: "the president" is not the
# vice president, the former president or the deputy
OFFICE_CHANGERS = _words("vice deputy former ex assistant associate acting interim outgoing then")
# Words that open a description set before a name: "the general manager of X,", "Another eyewitness,"
DESCRIPTION_OPENERS = {"the", "a", "an", "another", "one", "his", "her", "their", "its"}
# Words that open a clause after a comma, not a description: "Pelosi, who ...", "Bash, 42,"
NOT_DESCRIPTION_OPENERS = {"who", "which", "that", "and", "but", "or", "whose", "whom", "where", "when"}


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One stretch of text referring to a person of the article, and how it does."""

    start: int
    end: int
    text: str
    how: How
    entity: int  # index into the article's entities


@dataclass(frozen=True, slots=True)
class People:
    """The article's people as clusters of mentions, looked up by character span."""

    mentions: tuple[PersonMention, ...]  # ordered by start
    roles: dict[int, tuple[str, ...]] = field(default_factory=dict)  # descriptions found per entity
    _starts: tuple[int, ...] = ()
    _longest: int = 0

    @staticmethod
    def of(mentions: Sequence[PersonMention], roles: dict[int, tuple[str, ...]]) -> People:
        ordered = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
        longest = max((m.end - m.start for m in ordered), default=0)
        return People(ordered, roles, tuple(m.start for m in ordered), longest)

    def at(self, start: int, end: int) -> int | None:
        """The person the words in [start, end) refer to: a name inside them first, then a
        description, role noun or pronoun covering them."""
        lo = bisect_right(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        found = [m for m in self.mentions[lo:hi] if m.start < end and start < m.end]
        if not found:
            return None
        rank = {"name": 0, "description": 1, "role": 2, "pronoun": 3}
        # the name inside the words, and of two names the last ("the wife of X, Y")
        return min(found, key=lambda m: (rank[m.how], -m.start)).entity

    def cluster(self, entity: int) -> list[PersonMention]:
        """Every mention of one person, in text order."""
        return [m for m in self.mentions if m.entity == entity]


def cluster_people(
    doc: Doc, article: Article, entities: Sequence[Entity], quoted: Callable[[int], bool]
) -> People:
    """Group every mention of each person of the article: names, descriptions, role nouns, pronouns.

    `quoted(offset)` says whether a character lies inside quotation marks: a pronoun or a
    role noun inside a quote is the speaker's, not the narrator's, and is left alone.
    """
    mentions: list[PersonMention] = []
    roles: dict[int, list[str]] = {}
    name_tokens: dict[int, int] = {}  # token index -> entity, for every token of a name mention
    gender: dict[int, Gender] = {}
    for i, ent in enumerate(entities):
        if ent.kind != "person":
            continue
        for m in ent.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            mentions.append(PersonMention(m.start, m.end, m.text, "name", i))
            if span is None:
                continue
            for tok in span:
                name_tokens[tok.i] = i
            _note_gender(gender, i, _gender_before(span))
            for role in _roles_of(span):
                if role not in roles.setdefault(i, []) and role not in ent.roles:
                    roles[i].append(role)
                _note_gender(gender, i, _gender_of_words(role))
            for text, start, end in appositions(span):
                mentions.append(PersonMention(start, end, text, "description", i))
            title = title_span(span)
            if title is not None:
                # "US Ambassador to Germany Richard Grenell alleged": a speaker read as "US
                # Ambassador" is still Grenell
                mentions.append(PersonMention(title.start_char, title.end_char, title.text, "description", i))
    holders = {i: (*entities[i].roles, *roles.get(i, [])) for i in name_tokens.values()}
    covered = _Covered(mentions)
    for token in doc:
        if token.i in name_tokens or quoted(token.idx) or covered(token.idx):
            continue
        phrase = _role_phrase(token, name_tokens)
        if phrase is None:
            continue
        who = _role_holder(phrase, holders, mentions)
        if who is not None:
            mentions.append(PersonMention(phrase.start_char, phrase.end_char, phrase.text, "role", who))
    mentions.extend(_pronouns(doc, article, entities, mentions, gender, quoted))
    return People.of(mentions, {i: tuple(r) for i, r in roles.items()})


class _Covered:
    """Whether a character lies inside one of the mentions found so far (names, descriptions)."""

    def __init__(self, mentions: Sequence[PersonMention]) -> None:
        self.ranges = sorted((m.start, m.end) for m in mentions)
        self.starts = [s for s, _ in self.ranges]
        ends, reach = [], 0
        for _, e in self.ranges:
            reach = max(reach, e)
            ends.append(reach)
        self.reach = ends

    def __call__(self, offset: int) -> bool:
        k = bisect_right(self.starts, offset)
        return k > 0 and self.reach[k - 1] > offset


# ---------------------------------------------------------------- descriptions and roles


def _roles_of(span: Span) -> list[str]:
    """Every role the article gives a person at one mention: a title before the name, a
    label noun before it, a description beside it."""
    found = [title_before(span), descriptor_before(span)]
    for text, start, end in appositions(span):
        words = span.doc.char_span(start, end, alignment_mode="expand")
        if words is not None and _is_role(words):
            found.append(_label(text))
    found.append(relative_role(span))
    found.append(_shared_title(span))
    return [r for r in dict.fromkeys(found) if r]


def _shared_title(span: Span) -> str | None:
    """A plural title before a list of names is each one's: "Representatives Eliot Engel, Adam
    Schiff, and Elijah Cummings" are each a Representative."""
    first = span.root
    for _ in range(MAX_DEPTH):
        if first.dep_ != "conj" or first.head.i >= first.i:
            break
        first = first.head
    title = first.left_edge
    # the model tags "Representatives" before a name NNP as often as NNPS: the word tells
    if title.i >= first.i or title.pos_ not in {"NOUN", "PROPN"} or fold(title.text) in TITLE_HEADS:
        return None
    word = title.text
    singular = word[:-3] + "y" if word.lower().endswith("ies") else word[:-1]
    return singular if fold(singular) in TITLE_HEADS and word.lower().endswith("s") else None


def _label(text: str) -> str:
    words = text.split()
    # "his father" keeps whose; "another eyewitness" is an eyewitness
    return " ".join(words[1:]) if words and words[0].lower() in {"the", "a", "an", "another", "one"} else text


def _is_role(words: Span) -> bool:
    """A description that says what the person is: a title or a noun for a person ("the
    lead author of the study", "a member of the Tunisian Parliament")."""
    return any(
        is_person_noun(t) or fold(t.text) in FEMALE_WORDS | MALE_WORDS | UNNAMED_PEOPLE for t in words[:5]
    )


def appositions(span: Span) -> list[tuple[str, int, int]]:
    """The descriptions set beside a name with commas: after it ("Josh Bash, the U.S. Attorney
    for the Western District of Texas,") or before it ("The Vice President, Mike Pence,";
    "a Republican, Mark Amodei,"), as (text, start, end)."""
    doc = span.doc
    out: list[tuple[str, int, int]] = []
    sent = span.sent
    after = span.end
    if (
        after + 3 < sent.end
        and doc[after].text == ","
        and doc[after + 1].like_num
        and doc[after + 2].text == ","
    ):
        after += 2  # "James Ford, 42, a convicted murderer": the age set between commas first
    if after + 1 < sent.end and doc[after].text == ",":
        j = after + 1
        words: list[Token] = []
        while j < sent.end and doc[j].text not in APPOSITION_ENDS and len(words) <= MAX_DESCRIPTION:
            if _clause_opens(doc[j], words):
                break  # "a convicted murderer approaching the end of his sentence at ...": the label
            words.append(doc[j])
            j += 1
        ends = j >= sent.end or doc[j].text in APPOSITION_ENDS or _clause_opens(doc[j], words)
        if _describes(words) and ends:
            out.append((doc[words[0].i : words[-1].i + 1].text, words[0].idx, _end(words[-1])))
    before = span.start
    if before >= 1 and fold(doc[before - 1].text) in HONORIFICS:
        before -= 1  # "the general manager of Abu Dhabi Media, Dr Ali bin Tamim,"
    if before >= 2 and doc[before - 1].text == ",":
        j = before - 2
        words = []
        while (
            j >= sent.start
            and doc[j].text not in APPOSITION_ENDS | {"(", '"', "“", "”"}
            and len(words) <= MAX_OFFICE
        ):
            words.insert(0, doc[j])
            j -= 1
        # a noun phrase from its determiner or possessor on: "Another eyewitness,", "One
        # activist,", "German Chancellor Angela Merkel's spokesperson,", and in "...” said
        # his father, Abdullah Kurdi" the words from "his"
        first = next(
            (k for k, t in enumerate(words) if t.lower_ in DESCRIPTION_OPENERS or t.dep_ == "poss"), None
        )
        if first is not None:
            words = words[first:]
        opens = bool(words) and (first is not None or any(t.tag_ == "POS" for t in words))
        # "The Vice President, Mike Pence," and "a Republican, Mark Amodei,": a noun phrase
        # with its determiner, ending in the noun the name stands beside
        if opens and words[-1].pos_ in {"NOUN", "PROPN"} and _describes(words, MAX_OFFICE):
            out.append((doc[words[0].i : words[-1].i + 1].text, words[0].idx, _end(words[-1])))
    return out


def _clause_opens(token: Token, words: Sequence[Token]) -> bool:
    """A participle or relative word after a noun: where a label ends and a clause about the
    person begins."""
    if not any(t.pos_ == "NOUN" for t in words):
        return False
    return token.tag_ == "VBG" or token.lower_ in {"who", "whose", "which"}


def _describes(words: Sequence[Token], limit: int = MAX_DESCRIPTION) -> bool:
    """Words that can be a description: a noun phrase, not a clause, an age or a place."""
    if not words or words[0].lower_ in NOT_DESCRIPTION_OPENERS or len(words) > limit:
        return False
    if all(t.like_num or t.is_punct for t in words):
        return False  # "Bash, 42,"
    if all(t.pos_ == "PROPN" for t in words) and any(t.ent_type_ == "PERSON" for t in words):
        return False  # another name in a list: "Eliot Engel, Adam Schiff,"
    inside = {t.i for t in words}
    # the phrase's own head: "president" of "Ukraine's president", "Attorney" of "the U.S.
    # Attorney for the Western District of Texas"
    head = next((t for t in words if t.head.i not in inside and t.pos_ in {"NOUN", "PROPN"}), None)
    if head is None:
        head = next((t for t in words[:5] if t.pos_ in {"NOUN", "PROPN"}), None)
    if head is None or any(t.pos_ in {"VERB", "AUX"} and t.tag_ not in {"VBN", "VBG"} for t in words):
        return False
    # not "Patrick Crusius, Allen, Texas," nor "Pelosi, Tuesday,"
    return head.ent_type_ not in {"GPE", "LOC", "DATE", "TIME"} or head.lower_ in TITLE_HEADS


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _holds_office(role: str, head: Sequence[str], phrase: set[str]) -> bool:
    """Whether a role is the office a phrase names, not one a modifier changes: "President"
    for "the president", not "former US Vice President" nor "Deputy Mayor" for "the mayor"."""
    words = set(fold(role).split())
    return all(w in words for w in head) and not (words & OFFICE_CHANGERS) - phrase


def _role_words(roles: Sequence[str]) -> frozenset[str]:
    # hyphenated words stay whole: a "president-elect" is not "the president"
    return frozenset(w for r in roles for w in fold(r).split())


def _role_phrase(token: Token, name_tokens: dict[int, int]) -> Span | None:
    """A definite singular noun phrase headed by a title standing for a person: "the prime
    minister", "The Vice President", "the country's former president"."""
    if token.lower_ not in TITLE_HEADS or token.tag_ not in {"NN", "NNP"}:
        return None
    if token.i + 1 < len(token.doc) and (
        token.i + 1 in name_tokens or token.doc[token.i + 1].pos_ == "PROPN"
    ):
        return None  # a title before a name ("President Trump"), not a role noun alone
    if token.head.i in name_tokens or token.dep_ == "compound":
        return None
    left = [t for t in token.lefts]
    if not any(t.lower_ == "the" or t.dep_ == "poss" for t in left):
        return None
    start = min((t.left_edge.i for t in left), default=token.i)
    while start < token.i and token.doc[start].is_punct:
        start += 1
    return token.doc[start : token.i + 1]


def _role_holder(
    phrase: Span, holders: dict[int, tuple[str, ...]], mentions: Sequence[PersonMention]
) -> int | None:
    """The person a role noun stands for: the one holding that role; of several, the one whose
    role shares most words with the phrase, then the one holding the office itself rather
    than a vice or former one ("the president" is not the former vice president), then the
    one named last before it, unless another holder is named in that same sentence
    ("Governor Kiper and Governor Fedorov met. The governor said" is unclear)."""
    head = fold(phrase[-1].text).split()
    words = {fold(t.text) for t in phrase if not t.is_stop and not t.is_punct}
    held = {i: _role_words(roles) for i, roles in holders.items()}
    scored = [(len(words & held[i]), i) for i in holders if head and all(w in held[i] for w in head)]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    top = [i for s, i in scored if s == best]
    plain = [i for i in top if any(_holds_office(role, head, words) for role in holders[i])]
    if plain:
        top = plain
    if len(top) == 1:
        return top[0]
    before = [m for m in mentions if m.entity in top and m.end <= phrase.start_char]
    if not before:
        return None
    last = max(before, key=lambda m: m.start)
    doc = phrase.doc
    sentence = doc.char_span(last.start, last.end, alignment_mode="expand")
    since = sentence.sent.start_char if sentence is not None else last.start
    if any(m.entity != last.entity and m.start >= since for m in before):
        return None
    return last.entity


# ---------------------------------------------------------------- gender


def _note_gender(gender: dict[int, Gender], entity: int, found: Gender | None) -> None:
    if found is not None:
        gender.setdefault(entity, found)


def _gender_before(span: Span) -> Gender | None:
    """ "Mr Brown", "Mrs Rice": the form of address before a name."""
    if span.start == 0:
        return None
    word = fold(span.doc[span.start - 1].text)
    if word in FORMS_OF_ADDRESS or word in FEMALE_WORDS or word in MALE_WORDS:
        return _gender_of_words(word)
    return None


def _gender_of_words(text: str) -> Gender | None:
    words = set(fold(text).split())
    female, male = bool(words & FEMALE_WORDS), bool(words & MALE_WORDS)
    if female != male:
        return "f" if female else "m"
    return None


# ---------------------------------------------------------------- pronouns


@dataclass(frozen=True, slots=True)
class _Subject:
    """A clause's subject that a later "he" or "she" may stand for."""

    start: int
    entity: int | None  # None: a person the article does not name ("a witness said")


def _pronouns(
    doc: Doc,
    article: Article,
    entities: Sequence[Entity],
    mentions: Sequence[PersonMention],
    gender: dict[int, Gender],
    quoted: Callable[[int], bool],
) -> list[PersonMention]:
    """ "he said", "she told reporters": the person the paragraph is about.

    That is the last person named as the subject of a main clause or of a reporting verb
    before the pronoun, in its paragraph or the one before ("Guterres met Putin. ... he
    said" is Guterres; "Guterres said Putin had agreed. He said" too), passing over one of
    the other sex when the article tells (Mr, Mrs, a "she" already resolved). A subject
    that is a person the article does not name ("a witness said ... he said") leaves the
    pronoun unresolved, as does a paragraph with no subject and more than one person in it.
    """
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    subjects: list[_Subject] = []
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or quoted(token.idx) or not _salient(token, quoted):
            continue
        phrase = doc[token.left_edge.i : token.i + 1]
        who = _mention_in(by_start, starts, phrase.start_char, phrase.end_char)
        named = next((c for c in token.children if c.dep_ == "appos"), None)
        if who is None and named is not None:  # "The U.N. chief, Antonio Guterres, visited"
            who = _mention_in(by_start, starts, named.left_edge.idx, _end(named))
        if who is not None:
            subjects.append(_Subject(phrase.start_char, who))
        elif token.lower_ not in PERSON_PRONOUNS and _unnamed_person(token):
            subjects.append(_Subject(phrase.start_char, None))
    found: list[PersonMention] = []
    for token in doc:
        wanted = PERSON_PRONOUNS.get(token.lower_)
        if wanted is None or quoted(token.idx):
            continue
        here, window = _window_start(article, token.idx)
        blocked, who, since = _antecedent(subjects, window, token.idx, wanted, gender, entities)
        if who is not None and who not in gender:
            who = _known_sex(by_start, starts, since, token.idx, wanted, gender) or who
        if who is None and not blocked:
            who = _only_person(by_start, starts, here, window, token.idx, wanted, gender)
        if who is None:
            continue
        gender.setdefault(who, wanted)
        found.append(PersonMention(token.idx, _end(token), token.text, "pronoun", who))
        if token.dep_ in SUBJECT_DEPS:
            # a resolved "he" carries its person on: "He added ... He also said"
            k = bisect_right([s.start for s in subjects], token.idx)
            subjects.insert(k, _Subject(token.idx, who))
    return found


def _salient(token: Token, quoted: Callable[[int], bool]) -> bool:
    """A subject that says who a passage is about: of a main clause, or of a reporting verb
    (an inverted "said Delfin Lorenzana" included), not of a clause someone reports. A
    clause the parser hung on a verb inside quotation marks is the narrator's own."""
    verb = token.head
    if verb.lemma_ in QUOTING_VERBS:
        return True
    for _ in range(MAX_DEPTH):
        if is_root(verb) or quoted(verb.head.idx):
            return True
        if verb.dep_ in {"ccomp", "relcl", "acl", "advcl"}:
            return False
        verb = verb.head
    return True


def _unnamed_person(token: Token) -> bool:
    """A singular subject that is a person nobody names: "a witness", "the man", "the driver"."""
    low = token.lower_
    return token.tag_ == "NN" and (low in PERSON_NOUNS or low in TITLE_HEADS or low in UNNAMED_PEOPLE)


def _mention_in(by_start: Sequence[PersonMention], starts: Sequence[int], start: int, end: int) -> int | None:
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end)
    inside = [m for m in by_start[lo:hi] if m.end <= end]
    names = [m for m in inside if m.how == "name"]
    pick = names or inside
    return pick[-1].entity if pick else None


def _window_start(article: Article, offset: int) -> tuple[int, int]:
    """Where the pronoun's paragraph begins, and where the text it may reach back into
    begins: the paragraph before."""
    if not article.segments:
        return 0, 0
    here = segment_of(article, offset)
    kind = article.segments[here].kind
    earlier = [i for i in range(here) if article.segments[i].kind == kind]
    return article.segments[here].start, article.segments[earlier[-1] if earlier else here].start


def _antecedent(
    subjects: Sequence[_Subject],
    window: int,
    offset: int,
    wanted: Gender,
    gender: dict[int, Gender],
    entities: Sequence[Entity],
) -> tuple[bool, int | None, int]:
    """(blocked, person, where): the last subject of the pronoun's sex before it, within the
    window; blocked when that subject is a person the article does not name."""
    k = bisect_left([s.start for s in subjects], offset)
    for subject in reversed(subjects[:k]):
        if subject.start < window:
            break
        if subject.entity is None:
            return True, None, subject.start  # "a witness said ... he": someone the article does not name
        if entities[subject.entity].kind != "person":
            continue
        if gender.get(subject.entity, wanted) != wanted:
            continue  # "she" passes over the man named last
        return False, subject.entity, subject.start
    return False, None, offset


def _known_sex(
    by_start: Sequence[PersonMention],
    starts: Sequence[int],
    window: int,
    offset: int,
    wanted: Gender,
    gender: dict[int, Gender],
) -> int | None:
    """The one person named since the subject found (`window`) whom the article says is of
    the pronoun's sex: "Gordon Brown met Mrs Rice. ... she said" is Rice, not the subject
    whose sex the article does not tell."""
    lo, hi = bisect_left(starts, window), bisect_left(starts, offset)
    known = {m.entity for m in by_start[lo:hi] if gender.get(m.entity) == wanted}
    return known.pop() if len(known) == 1 else None


def _only_person(
    by_start: Sequence[PersonMention],
    starts: Sequence[int],
    here: int,
    window: int,
    offset: int,
    wanted: Gender,
    gender: dict[int, Gender],
) -> int | None:
    """The one person of the right sex named in the pronoun's paragraph before it, else in
    the paragraph before."""
    hi = bisect_left(starts, offset)
    for lo in (bisect_left(starts, here), bisect_left(starts, window)):
        named = {m.entity for m in by_start[lo:hi] if gender.get(m.entity, wanted) == wanted}
        if named:
            return named.pop() if len(named) == 1 else None
    return None
