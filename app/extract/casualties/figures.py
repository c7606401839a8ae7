"""Casualty figures: how many people were killed, injured, missing, captured, displaced, evacuated.

A count is a casualty figure only through the words that govern it in the parse, as
conflict coders (ACLED, GDELT) read a report: the people counted must be the object of
"killed" (or its passive subject), the subject of "died" or "fled", the count a death
toll has "risen to", and so on. The attacker counted in "two gunmen killed five" is not
a victim; "could kill thousands" did not happen; a city's population is kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    ACT_NOUNS,
    ATHLETE_NOUNS,
    BLOW_VERBS,
    BODY_VERBS,
    COMBINED_NOUNS,
    CONTROL_VERBS,
    ERGATIVE_VERBS,
    FATAL_ADVERBS,
    FATAL_VERBS,
    HYPOTHETICAL_VERBS,
    LIFE_VERBS,
    LINKING_VERBS,
    MODALS,
    NOT_PEOPLE,
    PEOPLE_ENDINGS,
    PEOPLE_NOUNS,
    PHRASES_ON_OBJECT,
    PHRASES_ON_SUBJECT,
    POPULATION_NOUNS,
    SETTLEMENT_NOUNS,
    SINGLE_DETERMINERS,
    SINGLE_PEOPLE_NOUNS,
    STATE_WORDS,
    TOLL_NOUNS,
    VERBS_ON_OBJECT,
    VERBS_ON_SUBJECT,
)
from ..text.parse import climb, is_root
from ..types import CASUALTY_CATEGORIES, Category, Figure
from .numbers import Count, CountPhrase, count_phrases, parse_number

NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
SUBJECTS = {"nsubj", "nsubjpass"}
# the dependents a verb's complement or particle hangs on: "remain missing", "get out"
NEAR_DEPS = {"prt", "dobj", "oprd", "acomp", "xcomp", "attr", "advmod", "advcl", "ccomp", "prep"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SINGLE_CATEGORIES = {"killed", "injured", "missing"}


@dataclass(frozen=True, slots=True)
class Reading:
    """What a count is a count of, and the words that say so."""

    category: str
    words: tuple[Token, ...]


class Unreal:
    """A count that must not become a figure at all: negated or hypothetical ("could kill thousands").

    A type of its own, not a Reading with a made-up category, so the type checker keeps it
    from ever reaching a Figure: once it was a Reading("skip"), and a path that forgot to test
    for it stored "skip" as a category, outside the API's enum.
    """

    __slots__ = ()


SKIP = Unreal()


def extract_figures(span: Doc | Span) -> list[Figure]:
    """Every count of people in the span, with what happened to them (one figure per count)."""
    phrases = count_phrases(span)
    counted = {noun.i: p for p in phrases if (noun := _counted_noun(p.head)) is not None}
    found: list[tuple[int, Figure]] = []
    summed: set[int] = set()  # nouns whose count went into a group's figure
    for noun in span:
        if noun.i in summed or not _people_unnumbered(noun, counted):
            continue
        people = _group(noun, counted)
        if people is None:
            continue  # "a man and his children": a group of unknown size
        summed.update(n.i for n in people)
        reading = _person_reading(people[0])
        if reading is not None:
            phrase = _group_phrase(people, counted)
            reading = _died_later(span, people[-1], phrase.count.value, reading)
            found.append((people[0].left_edge.i, _figure(phrase, reading)))
    for phrase in phrases:
        noun = _counted_noun(phrase.head)
        if noun is not None and noun.i in summed:
            continue
        read = read_phrase(phrase)
        if isinstance(read, Reading):
            if noun is not None:
                read = _died_later(span, noun, phrase.count.value, read)
            found.append((phrase.start, _figure(phrase, read)))
    return [figure for _, figure in sorted(found, key=lambda item: item[0])]


def read_phrase(phrase: CountPhrase) -> Reading | Unreal | None:
    """The category of one count from the words governing it, or None when it counts no people."""
    if _is_score(phrase):
        return None  # "beat the Kings 130-90", "a 7-2 vote"
    fatal = _fatal_tail(phrase)
    if fatal is not None:
        return fatal
    noun = _counted_noun(phrase.head)
    anchor = noun or phrase.head  # the token that takes the count's place in the sentence
    # "thousands of people", "five of them": the people are named after "of"
    people = noun or next((c for p in _preps(anchor, "of") for c in _pobjs(p)), None)
    population = _population(anchor)
    if population:
        return population
    if noun is None and people is not None and people.lower_ in GROUP_PRONOUNS:
        return _share_of_group(anchor, people)
    if people is not None and not _is_people(people):
        return None  # "45 buses", "three days", "20 percent"
    if noun is None and people is not None and _is_partitive(people):
        return Reading("other", (people,))  # "one of 12 people killed": the 12 is the figure
    reading = _governed(anchor) or _modified(anchor, people)
    if reading is None and people is not None:
        return Reading("other", (people,))
    if reading is None or isinstance(reading, Unreal) or people is None:
        return reading
    if reading.category == "injured" and people.lemma_.lower() in ATHLETE_NOUNS:
        return Reading("other", (*reading.words, people))  # "two players were injured in the second quarter"
    return Reading(reading.category, (*reading.words, people))


def _fatal_tail(phrase: CountPhrase) -> Reading | Unreal | None:
    """The dead among people just counted: "four were shot, two fatally", "one of them fatally".

    Read from the words, not the parse, which hangs such a tail on anything nearby.
    """
    doc = phrase.head.doc
    after = doc[phrase.end : phrase.end + 3]
    words = [t.lower_ for t in after]
    if words[:1] and words[0] in FATAL_ADVERBS:
        adverb = after[0]
    elif len(words) == 3 and words[0] == "of" and words[1] in {"them", "whom"} and words[2] in FATAL_ADVERBS:
        adverb = after[2]
    else:
        return None
    before = doc[phrase.head.sent.start : phrase.start]
    verb = next((t for t in reversed(before) if t.lemma_.lower() in FATAL_VERBS and t.pos_ == "VERB"), None)
    return _verb_reading_as(verb, "killed", (verb, adverb)) if verb is not None else None


# how far on a later death may be told of people just counted: "A man was shot Friday. ...
# He died of his injuries on Sunday."
LATER_SENTENCES = 2
SINGULAR_PRONOUNS = {"he", "she", "his", "her"}
PLURAL_PRONOUNS = {"they", "their"}


def _died_later(span: Doc | Span, people: Token, count: int | None, reading: Reading) -> Reading:
    """Killed, when people counted wounded ("a man was shot") are told dead by a pronoun after.

    Local news tells a shooting first and the death after it: "He later died of his
    injuries", "Police are investigating their deaths". The first pronoun of the right
    number that is a subject or possessor after the count stands for the people counted.
    The figure keeps its own words as its text: the later sentence only says they died.
    """
    if reading.category not in {"injured", "other"} or not count:
        return reading
    if reading.category == "other" and any(w.pos_ in {"VERB", "AUX"} for w in reading.words):
        return reading  # the attackers: "two gunmen opened fire"
    wanted = SINGULAR_PRONOUNS if count == 1 else PLURAL_PRONOUNS
    doc = people.doc
    end = len(doc) if isinstance(span, Doc) else span.end
    stop = people.sent.end
    for _ in range(LATER_SENTENCES):
        if stop >= end:
            break
        stop = doc[stop].sent.end
    stop = min(stop, end)
    for token in doc[people.i + 1 : stop]:
        if token.lower_ not in SINGULAR_PRONOUNS | PLURAL_PRONOUNS or token.dep_ not in SUBJECTS | {"poss"}:
            continue
        if token.lower_ not in wanted:
            return reading  # another person or group is talked of now
        if token.dep_ == "poss":
            if token.head.lemma_.lower() == "death" and token.head.pos_ == "NOUN":
                return Reading("killed", reading.words)  # "investigating their deaths"
            continue  # "his injuries", "their car"
        told = _verb_reading(token.head, token.dep_)
        if isinstance(told, Reading) and told.category == "killed":
            return Reading("killed", reading.words)  # "He later died of his injuries"
        if told is not None:
            return reading
    return reading


def _is_score(phrase: CountPhrase) -> bool:
    """Whether the count is the first half of a score or a vote: "102-99", "27-20", "7-2", "1-1"."""
    doc = phrase.head.doc
    end = phrase.end
    if (
        end + 1 >= len(doc)
        or doc[end].text not in {"-", "–"}
        or doc[end - 1].whitespace_
        or doc[end].whitespace_
    ):
        return False
    first, second = parse_number(doc[end - 1].text), parse_number(doc[end + 1].text)
    # a range runs upwards ("10-15 people"); a score or a tally puts the larger first
    return first is not None and second is not None and second <= first


# ---------------------------------------------------------------- one person, and groups with one


def _people_unnumbered(noun: Token, counted: dict[int, CountPhrase]) -> int:
    """How many people a noun without a number names: 1 ("a man", "the gunman"), 2 ("both victims"), else 0."""
    if noun.i in counted or noun.dep_ in {"attr", "oprd", "compound", "poss", "npadvmod", "appos"}:
        return 0  # "were taken hostage", "the victim was a teacher": no one counted here
    dets = [c for c in noun.children if c.dep_ in {"det", "poss", "predet"} and c.i < noun.i]
    if noun.tag_ == "NNS" and any(d.lower_ == "both" for d in dets) and _is_people(noun):
        return 2
    if _age_noun(noun):
        return int(all(d.lower_ in SINGLE_DETERMINERS for d in dets))  # "a 19-year-old was shot"
    if noun.tag_ != "NN" or noun.lemma_.lower() not in SINGLE_PEOPLE_NOUNS | {"body"}:
        return 0
    # headlines drop the article: "Man killed, two wounded in bar shooting"
    return int(all(d.dep_ == "poss" or d.lower_ in SINGLE_DETERMINERS for d in dets))


def _group(noun: Token, counted: dict[int, CountPhrase]) -> list[Token] | None:
    """The people joined with `noun` ("a man and a woman", "two men and a boy"), first one first.

    None when one of them is a group of unknown size: "a man and his children".
    """
    head = climb(noun, lambda t: not (t.dep_ == "conj" and t.head.pos_ in NOMINAL))
    people: list[Token] = []
    stack = [head]
    while stack and len(people) < 12:
        node = stack.pop()
        people.append(node)
        stack.extend(c for c in node.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"})
    people.sort(key=lambda t: t.i)
    for person in people:
        count = counted[person.i].count if person.i in counted else None
        if count is not None and (count.value is None or not _is_people(person)):
            return None  # "a man and dozens of others": no sum to give
        if count is None and not _people_unnumbered(person, counted):
            return None
    return people


def _person_reading(noun: Token) -> Reading | None:
    """What happened to one person, or to a group led by one: killed, injured or missing only.

    A verb must say it: "a wounded man talks to a soldier" describes a photo, and one
    person evacuated or displaced is a story, not a figure that coders count.
    """
    if noun.lemma_.lower() == "body":
        # "the body of a kayaker was recovered", "police found a body": not "a governing body"
        verb = noun.head
        if noun.dep_ not in {"nsubjpass", "dobj"} or verb.lemma_.lower() not in BODY_VERBS:
            return None
        body = _verb_reading_as(verb, "killed", (noun, verb))
        return None if isinstance(body, Unreal) else body  # "no body was found" counts no one
    reading = _governed(noun) or _modified(noun, noun)
    if reading is None or isinstance(reading, Unreal) or reading.category not in SINGLE_CATEGORIES:
        return None
    told = any(w.pos_ in {"VERB", "AUX"} and w.dep_ != "amod" for w in reading.words)
    # "officers found a man dead", "left a woman dead": the verb tells the state its object is in
    told = told or (noun.dep_ == "dobj" and noun.head.lemma_.lower() in LINKING_VERBS)
    return reading if told else None


def _age_noun(token: Token) -> bool:
    """Local news names a victim by age alone: "a 19-year-old was shot" ("old" heads the phrase)."""
    doc = token.doc
    return (
        token.lower_ == "old"
        and token.dep_ in SUBJECTS | {"dobj", "pobj"}
        and token.i >= 2
        and doc[token.i - 1].text == "-"
        and doc[token.i - 2].lower_ in {"year", "years"}
    )


def _group_phrase(people: list[Token], counted: dict[int, CountPhrase]) -> CountPhrase:
    """The words and the total of one person or a group: "a man and a woman" = 2."""
    total = sum(
        counted[p.i].count.value or 0 if p.i in counted else _people_unnumbered(p, counted) for p in people
    )
    first, last = people[0], people[-1]
    start = min([first.i, *(c.i for c in first.children if c.dep_ in {"det", "poss", "nummod"})])
    start = min([start, *(counted[p.i].start for p in people if p.i in counted)])
    return CountPhrase(start, last.i + 1, first, Count(total), None, False)


def _figure(phrase: CountPhrase, reading: Reading) -> Figure:
    """The figure, its text the words from the count to the words that categorise it."""
    doc = phrase.head.doc
    indexes = [phrase.start, phrase.end - 1, *(t.i for t in reading.words)]
    lo, hi = min(indexes), max(indexes) + 1
    # the pipeline finds the count as the first number in the text, so no other may precede it
    if any(t.like_num for t in doc[lo : phrase.start]):
        lo = phrase.start
    count = phrase.count
    return Figure(
        category=Category(reading.category),  # a category outside the set fails here, loudly
        value=count.value,
        value_min=count.value_min,
        value_max=count.value_max,
        qualifier=phrase.qualifier,
        approximate=phrase.approximate,
        text=doc[lo:hi].text,
        start=doc[lo].idx,
        end=doc[hi - 1].idx + len(doc[hi - 1].text),
    )


# ---------------------------------------------------------------- the count and its noun


# "four of whom were injured", "two of them died": the count is of people told just before
GROUP_PRONOUNS = frozenset({"whom", "them"})


def _share_of_group(anchor: Token, people: Token) -> Reading | None:
    """A count out of a group told before: a casualty only when a casualty verb governs it.

    "Over a hundred people attended the party, four of whom were injured" counts the
    injured; the hundred are no casualties, so the four are no part of another figure.
    "Two of them were children" says nothing happened to them.
    """
    reading = _governed(anchor)
    if isinstance(reading, Reading) and reading.category in CASUALTY_CATEGORIES:
        return Reading(reading.category, (*reading.words, people))
    return None


def _counted_noun(head: Token) -> Token | None:
    """The noun a count counts ("15 people", "4 million Ukrainians", "30 dead"), or None if it stands alone."""
    # "killed 102 and 21 people": the parser hangs the second number on the first
    head = climb(head, lambda t: not (t.dep_ == "conj" and t.head.like_num))
    if head.dep_ not in {"nummod", "quantmod", "compound", "npadvmod", "amod", "advmod", "nmod"}:
        return None
    up = head.head
    if up.i < head.i and up.lower_ in STATE_WORDS:
        return None  # "30 dead" is 30 dead, but "3 dead, 4 injured" is not 4 dead
    # "1 million internally displaced people": the parser hangs the count on the adjective
    if up.dep_ == "amod" and up.pos_ in {"ADJ", "VERB"} and up.head.pos_ in {"NOUN", "PROPN"}:
        return up.head
    if up.pos_ in {"NOUN", "PROPN", "PRON"} or up.lower_ in STATE_WORDS or _more_people(up):
        return up
    return None


def _more_people(word: Token) -> bool:
    """ "50 more" standing for people: "killed nine people and injured at least 50 more".

    News counts the next group by "more" alone, as the subject or object of a casualty verb;
    "50 more buses" hangs the count on its noun instead.
    """
    return word.lower_ == "more" and word.dep_ in SUBJECTS | {"dobj"}


def _is_people(noun: Token) -> bool:
    """Whether a noun names people: listed, a nationality ("Palestinians") or a people-like plural."""
    low, lemma = noun.lower_, noun.lemma_.lower()
    doc = noun.doc
    if noun.i > 1 and doc[noun.i - 1].text == "-" and doc[noun.i - 2].like_num:
        return False  # "three-pointers", "two-seaters": a thing named by a number
    if low in PEOPLE_NOUNS or lemma in PEOPLE_NOUNS or low in STATE_WORDS or lemma in STATE_WORDS:
        return True
    if _more_people(noun):
        return True
    if noun.ent_type_ == "NORP" or lemma in COMBINED_NOUNS:
        return True
    return low not in NOT_PEOPLE and low.endswith(PEOPLE_ENDINGS) and noun.tag_ == "NNS"


def _is_partitive(of_noun: Token) -> bool:
    """Whether "N of <noun>" takes N out of a group already counted: "three of them", "two of the dead"."""
    if of_noun.pos_ == "PRON":
        return True
    # "thousands of the city's residents" is still a count of its own
    return _state(of_noun) is not None or any(c.dep_ == "nummod" for c in of_noun.children)


def _population(anchor: Token) -> Reading | None:
    """A count of the people living somewhere: "a population of 430,000", "from a prewar 430,000"."""
    if anchor.dep_ not in {"pobj", "attr", "dobj"}:
        return None
    prep = anchor.head if anchor.dep_ == "pobj" else None
    above = prep.head if prep is not None else anchor.head
    if (
        prep is not None
        and prep.lower_ == "of"
        and above.lemma_.lower() in POPULATION_NOUNS | SETTLEMENT_NOUNS
    ):
        return Reading("population", (above,))  # "a population of", "a city of 400,000"
    if prep is not None and prep.lower_ == "to" and above.lower_ == "home":
        return Reading("population", (above,))  # "home to 2 million people"
    # "reducing the city's population from 430,000 to 100,000", "the population is 100,000"
    if prep is None or prep.lower_ in {"from", "to", "at"}:
        held = [c for c in above.children if c.dep_ in SUBJECTS | {"dobj"} and c.i != anchor.i]
        pop = next((c for c in held if c.lemma_.lower() in POPULATION_NOUNS), None)
        if pop is not None:
            return Reading("population", (pop,))
    return None


# ---------------------------------------------------------------- the words governing a count


def _governed(anchor: Token) -> Reading | Unreal | None:
    """The category the count's governor gives it: its verb, a toll it stands in, an act noun before "of"."""
    node = anchor
    # "killed 5 soldiers and 12 civilians": a later conjunct shares the first one's role
    node = climb(node, lambda t: not (t.dep_ == "conj" and t.head.pos_ in NOMINAL))
    shared = _object_shared(anchor, node)
    if shared is not None:
        return _verb_reading(shared, "dobj")
    if node.dep_ == "pobj" and node.head.lower_ in {"including", "includes", "include"}:
        above = node.head.head  # "killed 12 people, including seven children"
        if above.pos_ in {"VERB", "AUX"}:
            return _verb_reading(above, "incl")
        if above.pos_ in NOMINAL and above.i != node.i:
            return _governed(above)
    if node.dep_ in SUBJECTS and node.head.pos_ == "ADJ" and (state := _state(node.head)):
        return Reading(state, (node.head,))  # a headline without its verb: "2 dead"
    if node.dep_ in SUBJECTS | {"dobj", "attr", "oprd"}:
        return _verb_reading(node.head, node.dep_)
    if node.dep_ == "pobj":
        return _prep_reading(node)
    return None


def _object_shared(anchor: Token, node: Token) -> Token | None:
    """The verb whose object the people are, when the parser joined them to a thing in between.

    "killed five children in a church bus and two truck drivers": the drivers hang on the
    bus as its conjunct, but people are no conjunct of a bus; they are the verb's second object.
    """
    if node.i == anchor.i or node.dep_ != "pobj" or _is_people(node):
        return None
    verb = node.head.head
    if verb.pos_ != "VERB" or node.head.dep_ != "prep":
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and _is_people(c)]
    return verb if objects else None


def _verb_reading(verb: Token, role: str) -> Reading | Unreal | None:
    """The category a verb gives a count standing in `role`, or SKIP when the verb is unreal."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    reading = _verb_category(verb, role)
    # "was shot and killed", "struck and killed": a second verb sharing the subject says more
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if role in SUBJECTS and _has_subject(conj):
            continue  # "two were killed and five injured": each verb has its own people
        more = None if _unreal(conj) else _verb_category(conj, role)  # "and was not injured"
        if isinstance(more, Reading) and (reading is None or more.category == "killed"):
            reading = Reading(more.category, (verb, *more.words))
    if isinstance(reading, Reading) and _unreal(verb):
        return SKIP
    return reading


def _verb_category(verb: Token, role: str) -> Reading | Unreal | None:
    """The category from the verb alone (or its particle, complement or following verb)."""
    lemma = verb.lemma_.lower()
    has_aux = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    # "five injured" with its "were" left out is passive too: a bare past participle
    passive = role == "nsubjpass" or (role == "nsubj" and verb.tag_ == "VBN" and not has_aux)
    passive = passive or (role == "nsubj" and _headline_passive(verb))
    on_object = passive or role in {"dobj", "incl"}
    # verbs of what people do ("fled", "died") have no passive, whatever their tag
    on_subject = role in {"nsubj", "incl"} or (role == "nsubjpass" and lemma in VERBS_ON_SUBJECT)
    near = _near_words(verb)
    fatally = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS), None)
    if fatally is not None and lemma in FATAL_VERBS and on_object:
        return Reading("killed", (fatally, verb))  # "was fatally shot", "fatally stabbed two men"
    if lemma in VERBS_ON_OBJECT:
        if on_object or (lemma in ERGATIVE_VERBS and not _has(verb, "dobj")):
            return Reading(VERBS_ON_OBJECT[lemma], (verb,))
        return Reading("other", (verb,))  # the attackers: "two gunmen killed five"
    for word in near:
        found = PHRASES_ON_OBJECT.get((lemma, _key(word))) if on_object else None
        found = found or (PHRASES_ON_SUBJECT.get((lemma, _key(word))) if on_subject else None)
        if found:
            return Reading(found, (verb, word))
    if lemma in VERBS_ON_SUBJECT and on_subject:
        return Reading(VERBS_ON_SUBJECT[lemma], (verb,))
    if lemma in BLOW_VERBS:
        return Reading(BLOW_VERBS[lemma] if on_object else "other", (verb,))  # "was shot in the leg"
    if verb.tag_ == "VBG" and verb.lower_ in STATE_WORDS and on_subject:
        return Reading(STATE_WORDS[verb.lower_], (verb,))  # "are missing", tagged as the verb "miss"
    if lemma == "leave" and on_subject and any(_is_place(c) for c in verb.children if c.dep_ == "dobj"):
        return Reading("evacuated", (verb,))  # "thousands have left the city"
    if lemma == "be" and role == "attr":
        # "the confirmed deaths are fourteen civilians", "the dead were two men": named by the subject
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        category = _state(subject) or ACT_NOUNS.get(subject.lemma_.lower()) if subject is not None else None
        if subject is not None and category and subject.tag_ in {"NNS", "JJ"}:
            return Reading(category, (subject, verb))
    if lemma in LINKING_VERBS and role != "attr":
        reading = _linked_state(verb)
        if reading:
            return reading
    if lemma in CONTROL_VERBS and role != "attr":
        follow = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if follow is not None and (on_object or on_subject):
            return _verb_reading(follow, "nsubj")  # "have managed to get out", "were forced to flee"
    if role in {"dobj", "attr"}:
        toll = next((c for c in verb.children if c.dep_ in SUBJECTS and _is_toll(c)), None)
        if toll is not None:
            return _toll_reading(toll, verb)  # "the death toll has surpassed 30,000"
    return None


def _linked_state(verb: Token) -> Reading | None:
    """A state the verb links the people to: "remain missing", "were found dead", "among the dead"."""
    for child in verb.children:
        if child.dep_ in {"acomp", "oprd", "xcomp", "attr", "advcl", "ccomp"} and (state := _state(child)):
            return Reading(state, (verb, child))
        if child.dep_ == "prep" and child.lower_ == "among":
            for obj in _pobjs(child):
                state = _state(obj) or next((_state(c) for c in obj.children if c.dep_ == "acl"), None)
                if state:
                    return Reading(state, (verb, obj))
    return None


def _prep_reading(pobj: Token) -> Reading | Unreal | None:
    """The category of a count after a preposition: a toll "risen to 20", "the deaths of 20 people"."""
    prep, above = pobj.head, pobj.head.head
    word = prep.lower_
    if word in {"to", "at"} and above.pos_ in {"VERB", "AUX"}:
        toll = next((c for c in above.children if c.dep_ in SUBJECTS | {"dobj"} and _is_toll(c)), None)
        if toll is not None:
            reading = _toll_reading(toll, above)
            return SKIP if reading and _unreal(above) else reading
    if word != "of" or above.pos_ not in {"NOUN", "PROPN"}:
        return None
    lemma = above.lemma_.lower()
    if _is_toll(above):
        # "a death toll of 20"; "a total of 39 are confirmed dead": a bare total takes its verb's
        reading = _toll_reading(above, above)
        if reading is None and above.dep_ in SUBJECTS | {"dobj"}:
            return _verb_reading(above.head, above.dep_)
        return reading
    if lemma in ACT_NOUNS:
        return Reading(ACT_NOUNS[lemma], (above,))  # "the deaths of 20 people"
    if lemma == "life" and above.dep_ == "dobj" and above.head.lemma_.lower() in LIFE_VERBS:
        return _verb_reading_as(above.head, "killed", (above.head, above))  # "claimed the lives of 20"
    if lemma in COMBINED_NOUNS:
        return Reading("other", (above,))
    return None


def _verb_reading_as(verb: Token, category: str, words: tuple[Token, ...]) -> Reading | Unreal:
    """A fixed category read off `verb`, unless the verb is unreal."""
    return SKIP if _unreal(verb) else Reading(category, words)


def _modified(anchor: Token, people: Token | None) -> Reading | Unreal | None:
    """The category from the count's own noun and its modifiers: "30 dead", "50 injured people", "people killed"."""
    nouns = [anchor] if people is None or people.i == anchor.i else [anchor, people]
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "amod" and (state := _state(child)):
                return Reading(state, (child,))
            if child.dep_ == "acl" and child.pos_ == "VERB":
                role = "nsubjpass" if child.tag_ == "VBN" else "nsubj"  # "people killed", "people fleeing"
                reading = _verb_reading(child, role)
                if reading:
                    return reading
            if child.dep_ == "relcl":
                rel = next(
                    (c for c in child.children if c.dep_ in SUBJECTS and c.tag_ in {"WP", "WDT"}), None
                )
                reading = _verb_reading(child, rel.dep_) if rel is not None else None
                if reading:
                    return reading  # "200 people who fled"
        lemma = noun.lemma_.lower()
        if state := _state(noun):
            return Reading(state, (noun,))
        if lemma in COMBINED_NOUNS:
            return Reading("other", (noun,))
        if lemma == "life" and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIFE_VERBS:
            return _verb_reading_as(noun.head, "killed", (noun.head, noun))  # "claimed 20 lives"
    return None


# ---------------------------------------------------------------- tolls


def _is_toll(token: Token) -> bool:
    """Whether a noun is a running total ("the death toll", "the number of people killed")."""
    return token.lemma_.lower() in TOLL_NOUNS and token.pos_ == "NOUN"


def _toll_reading(toll: Token, verb: Token) -> Reading | Unreal | None:
    """What a toll counts, from its modifiers: "death toll", "number of people killed", "number of refugees"."""
    words = [c for c in toll.children if c.dep_ in {"compound", "amod"}]
    for prep in _preps(toll, "of"):
        for obj in _pobjs(prep):
            words += [obj, *(c for c in obj.children if c.dep_ in {"acl", "amod", "relcl"})]
    for word in words:
        if word.lemma_.lower() in COMBINED_NOUNS:
            return Reading("other", (word, toll, verb))
        state = (
            _state(word)
            or VERBS_ON_OBJECT.get(word.lemma_.lower())
            or VERBS_ON_SUBJECT.get(word.lemma_.lower())
        )
        if state:
            return Reading(state, (word, toll, verb))
    # a bare "toll" in news is a death toll; a bare "number" says nothing
    return Reading("killed", (toll, verb)) if toll.lemma_.lower() == "toll" else None


# ---------------------------------------------------------------- small helpers


def _unreal(verb: Token) -> bool:
    """Whether the verb tells what may, will or did not happen: "could kill", "were not killed", "threatened to kill"."""
    for node in (verb, verb.head if verb.dep_ in {"conj", "xcomp"} else verb):
        # "may have died" estimates what happened; "could kill" says what might
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in node.children)
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in MODALS and not perfect):
                return True
            if child.dep_ == "mark" and child.lower_ in {"if", "unless"}:
                return True
    return verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_.lower() in HYPOTHETICAL_VERBS


def _near_words(verb: Token) -> list[Token]:
    """The verb's particle, object and complements, and the objects of its prepositions."""
    near = [c for c in verb.children if c.dep_ in NEAR_DEPS]
    return near + [o for c in near if c.dep_ == "prep" for o in _pobjs(c)]


def _state(token: Token) -> str | None:
    """The casualty state a word names ("dead", "missing", "wounded", "refugees"), if any."""
    return STATE_WORDS.get(token.lower_) or STATE_WORDS.get(token.lemma_.lower())


def _key(token: Token) -> str:
    """A word's key in the phrase tables: its lemma ("lives" -> "life", "homes" -> "home")."""
    return token.lemma_.lower()


def _has(token: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in token.children)


def _headline_passive(verb: Token) -> bool:
    """A headline's passive with its "was" dropped, tagged as a past tense: "Man killed, two wounded".

    Only a sentence's root with no auxiliary and no object anywhere in its conjuncts:
    "the gunman shot and killed two people" keeps its attacker.
    """
    if not is_root(verb) or verb.tag_ != "VBD" or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    last = next((t for t in reversed(verb.sent) if not t.is_space), verb)
    if last.text in {".", "!", "?"}:
        return False  # a sentence, not a headline: "Two officers shot at the car."
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    return not any(c.dep_ in {"dobj", "ccomp", "xcomp"} for v in verbs for c in v.children)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in verb.children)


def _preps(token: Token, word: str) -> list[Token]:
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ == word]


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _is_place(token: Token) -> bool:
    return token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in SETTLEMENT_NOUNS | {"area"}
