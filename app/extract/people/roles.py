"""A person's role as the article gives it: the job title before a name ("Defense Minister
Oleksii Reznikov") or beside it ("Jeremy Fleming, head of the GCHQ spy agency,")."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..lexicon import PERSON_NOUNS, TITLE_HEADS, TITLE_MODIFIERS
from ..text.folding import fold
from .names import FORMS_OF_ADDRESS, HONORIFICS, TITLES_IN_NAMES

# words joining a title to the office or place it is of: "Secretary of State", "Ambassador to Germany"
OFFICE_JOINERS = frozenset(["of", "to", "for"])

# Endings of nouns for people ("producer", "author", "specialist", "historian", "member"),
# and of nouns for things that share them ("statement", "restaurant", "number")
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eur", "man", "woman", "person")
THING_SUFFIXES = ("ment", "aurant", "ever", "ether", "ther", "center", "order", "umber", "ater", "etter")
# Nouns for what a person is in the news that no ending tells: "a candidate", "the suspect"
PERSON_LABELS = frozenset(
    [
        "candidate",
        "nominee",
        "witness",
        "eyewitness",
        "victim",
        "suspect",
        "accused",
        "chef",
        "pilot",
        "child",
        "mate",
    ]
)
MAX_ROLE_WORDS = 12  # a longer attribute is a clause about the person, not their role


def title_before(span: Span) -> str | None:
    """The job title written before a name, or in an appositive beside it."""
    title = title_span(span)
    return title.text if title is not None else _appositive_title(span)


def title_span(span: Span) -> Span | None:
    """The words of the job title written right before a name: "US Ambassador to Germany"
    Richard Grenell, "Sen." Warren."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and fold(doc[i].text) in HONORIFICS - FORMS_OF_ADDRESS and doc[i].text[:1].isupper():
        return doc[i : i + 1]  # "Sen. Warren", "Gen. Milley": the abbreviation is the role
    words: list[Token] = []
    while i >= 0:
        tok = doc[i]
        low = tok.lower_
        glued_hyphen = tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if (
            low in TITLE_HEADS
            or low in TITLES_IN_NAMES
            or low in TITLE_MODIFIERS
            or glued_hyphen  # "Secretary-General"
            or (tok.pos_ in {"PROPN", "ADJ"} and tok.text[:1].isupper() and tok.ent_type_ != "DATE")
        ):
            words.insert(0, tok)
            i -= 1
            continue
        if tok.pos_ == "ADJ" and words and low not in {"the", "a"}:
            words.insert(0, tok)
            i -= 1
            continue
        if words and tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.text.islower():
            # a lower-case noun naming what the office is of: "committee chairman", "police chief"
            words.insert(0, tok)
            i -= 1
            continue
        if words and _joins_title(doc, i):
            # "Secretary of State Mike Pompeo", "Police and Crime Commissioner Stephen Mold"
            words.insert(0, tok)
            i -= 1
            continue
        break
    # keep the run only up to its last title head word and the "of X" naming its office
    # ("Secretary of State"), and only if it has one
    heads = [k for k, w in enumerate(words) if w.lower_ in TITLE_HEADS or w.lower_ in TITLES_IN_NAMES]
    if heads and not (len(words) > heads[-1] + 1 and words[heads[-1] + 1].lower_ in OFFICE_JOINERS):
        del words[heads[-1] + 1 :]
    elif not heads:
        words = []
    while words and (words[0].lower_ in OFFICE_JOINERS | {"and", "the"} or words[0].text == "-"):
        words.pop(0)
    return doc[words[0].i : words[-1].i + 1] if words else None


def _joins_title(doc: Doc, i: int) -> bool:
    """ "of", "to", "for" or "and" inside a title, between capitalised words: "Secretary of
    State", "Ambassador to Germany", "Minister for Health", "Police and Crime Commissioner"."""
    if i == 0:
        return False
    if doc[i].lower_ == "the":
        # "Ambassador to the United Nations", "Speaker of the House"
        return doc[i - 1].lower_ in OFFICE_JOINERS and doc[i + 1].text[:1].isupper()
    if doc[i].lower_ not in OFFICE_JOINERS | {"and"}:
        return False
    before, after = doc[i - 1], doc[i + 1]
    if after.lower_ == "the" and i + 2 < len(doc):
        after = doc[i + 2]
    return (
        before.text[:1].isupper()
        and after.text[:1].isupper()
        and (before.lower_ in TITLE_HEADS or doc[i].lower_ == "and")
    )


def descriptor_before(span: Span) -> str | None:
    """A common noun set right before a name as its label: "eyewitness Vinnie DeVita",
    "drummer Mickey Hart", "suspect Patrick Crusius", "retail expert Gary Mortimer".

    Only for a span already known to name a person: before a place ("the town Irpin") the
    same words say nothing of a role.
    """
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while (
        i >= 0 and doc[i].pos_ == "NOUN" and doc[i].text.islower() and doc[i].tag_ == "NN" and len(words) < 3
    ):
        words.insert(0, doc[i])
        i -= 1
    # the small model hangs such a noun anywhere ("of pioneering oceanographer Walter Munk"
    # as a particle); right before a name, a noun for a person is a label whatever its arc
    if not words or (words[-1].dep_ not in {"compound", "nmod", "appos"} and not is_person_noun(words[-1])):
        return None
    # what the label is of: "serial killer", "LGBT activist", "Sky News Arabia producer"
    while (
        i >= 0
        and len(words) < 6
        and doc[i].ent_type_ not in {"DATE", "TIME", "PERSON", "CARDINAL"}
        and (
            (doc[i].tag_ == "JJ" and doc[i].text.islower())
            or (doc[i].pos_ == "PROPN" and doc[i].dep_ in {"compound", "nmod", "nsubj"})
        )
    ):
        words.insert(0, doc[i])
        i -= 1
    return " ".join(t.text for t in words)


def is_person_noun(token: Token) -> bool:
    """A word naming what a person is: a title, a listed noun for a person, or a lower-case
    common noun built like one ("producer", "oceanographer", "specialist", "member")."""
    word = fold(token.text)
    if word in TITLE_HEADS or word in TITLES_IN_NAMES or word in PERSON_NOUNS or word in PERSON_LABELS:
        return True
    return (
        token.pos_ == "NOUN"
        and token.text.islower()
        and len(word) > 4
        and word.endswith(PERSON_SUFFIXES)
        and not word.endswith(THING_SUFFIXES)
    )


def relative_role(span: Span) -> str | None:
    """The role a relative clause gives a name: "Mike Pompeo who is the secretary of state",
    "Beto O'Rourke, who was a candidate in the primary", "Joe Biden, who served as Vice
    President"."""
    doc = span.doc
    k = span.end + (1 if span.end < len(doc) and doc[span.end].text == "," else 0)
    # the "who" right after the name, wherever the model hung its clause ("disagreements
    # with Mike Pompeo who is the secretary of state": on "disagreements")
    if k >= len(doc) or doc[k].lower_ != "who" or doc[k].dep_ != "nsubj" or doc[k].head.dep_ != "relcl":
        return None
    noun = _complement(doc[k].head)
    if noun is None or not is_person_noun(noun):
        return None
    start = noun.left_edge.i
    # "Trump's Special Presidential Envoy" is the envoy; "a candidate" a candidate
    while start < noun.i and (
        doc[start].lower_ in {"the", "a", "an"} or doc[start].dep_ == "poss" or doc[start].tag_ == "POS"
    ):
        start += 1
    end = noun.i + 1
    # the office it is of ("the secretary of state"), not where or when ("a candidate in the primary")
    of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in OFFICE_JOINERS), None)
    if of is not None and of.right_edge.i + 1 - start <= MAX_ROLE_WORDS:
        end = of.right_edge.i + 1
    return doc[start:end].text


def _complement(clause: Token) -> Token | None:
    """What a relative clause says the person is: the noun after "is"/"was", or after "served as"."""
    if clause.lemma_ == "be":
        return next((c for c in clause.children if c.dep_ == "attr" and c.pos_ in {"NOUN", "PROPN"}), None)
    if clause.lemma_ == "serve":
        prep = next((c for c in clause.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return None


def _appositive_title(span: Span) -> str | None:
    doc = span.doc
    # "Jeremy Fleming, head of the GCHQ electronic spy agency, said"
    if span.end + 2 < len(doc) and doc[span.end].text == ",":
        j = span.end + 1
        words: list[Token] = []
        while j < len(doc) and doc[j].text not in {",", ".", ";"} and not doc[j].is_space and len(words) < 10:
            words.append(doc[j])
            j += 1
        if words and (j < len(doc) and doc[j].text == ",") and _has_title_head(words[:3]):
            start = 1 if words[0].lower_ in {"the", "a", "an"} else 0
            return " ".join(t.text for t in words[start:])
    # "The area's governor, Viacheslav Chaus, said" / "the head of the delegation, David Arakhamia"
    if span.start >= 2 and doc[span.start - 1].text == ",":
        j = span.start - 2
        words = []
        while (
            j >= 0
            and doc[j].text not in {",", ".", ";", "(", "—"}
            and not doc[j].is_space
            and len(words) < 10
        ):
            words.insert(0, doc[j])
            j -= 1
        heads = [k for k, w in enumerate(words) if w.lower_ in TITLE_HEADS]
        if heads and words[heads[0]].pos_ == "NOUN":
            k = heads[0]
            while k > 0 and (words[k - 1].lower_ in TITLE_MODIFIERS or words[k - 1].pos_ in {"ADJ", "PROPN"}):
                k -= 1
            return " ".join(t.text for t in words[k:])
    return None


def _has_title_head(words: Sequence[Token]) -> bool:
    return any(w.lower_ in TITLE_HEADS for w in words)
