"""A person's role as the article gives it: the job title before a name ("Defense Minister
Oleksii Reznikov") or beside it ("Jeremy Fleming, head of the GCHQ spy agency,")."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from .folding import fold
from .lexicon import TITLE_HEADS, TITLE_MODIFIERS
from .names import FORMS_OF_ADDRESS, HONORIFICS


def title_before(span: Span) -> str | None:
    """The job title written before a name, or in an appositive beside it."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and fold(doc[i].text) in HONORIFICS - FORMS_OF_ADDRESS and doc[i].text[:1].isupper():
        return doc[i].text  # "Sen. Warren", "Gen. Milley": the abbreviation is the role
    words: list[Token] = []
    while i >= 0:
        tok = doc[i]
        low = tok.lower_
        glued_hyphen = tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if (
            low in TITLE_HEADS
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
        break
    # keep the run only up to its last title head word, and only if it has one
    while words and words[-1].lower_ not in TITLE_HEADS:
        words.pop()
    while words and words[0].text == "-":
        words.pop(0)
    if words:
        return doc[words[0].i : words[-1].i + 1].text
    return _appositive_title(span)


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
