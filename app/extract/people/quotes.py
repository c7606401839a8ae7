"""Direct quotations: the words inside quotation marks, and who the article says spoke them.

Marks are read from the characters (curly, straight or mixed), so an apostrophe inside a
word is never a mark; the speaker is the subject of the reporting verb the quoted words
hang on in the parse, the nearest reporting verb of the sentence, or, for a quote that
carries on without attribution, the speaker of the quote just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ..lexicon import QUOTING_VERBS
from ..text.parse import climb, is_root
from ..types import Quote
from .attribution import RangeList, inside, source_span, subject_of, trimmed

OPEN_MARKS = "“«„"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
# characters that may stand just outside a mark: before an opener, after a closer
BEFORE_OPEN = set("([{—–-/")
AFTER_CLOSE = set(".,;:!?)]}—–-…")
PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# an attribution sentence of its own after a quote ("he said.") is short
SHORT_ATTRIBUTION = 12
# words read after a verb that follows a quote: "tweeted Mayor of London Sadiq Khan"
MAX_NAMED_AFTER = 10
SCARE_DEPS = {"amod", "compound", "nmod", "poss", "det", "nummod", "advmod", "npadvmod"}


@dataclass(frozen=True, slots=True)
class Quoted:
    """The character ranges of one quotation (several when it runs over paragraphs)."""

    parts: tuple[tuple[int, int], ...]
    paragraph: int  # index of the paragraph it starts in

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def extract_quotes(span: Doc | Span) -> list[Quote]:
    """Every quotation in the span, with the words naming its speaker where the article gives them."""
    doc = span.doc if isinstance(span, Span) else span
    quoted = quoted_ranges(span)
    ranges = RangeList(p for q in quoted for p in q.parts)
    # `doc.text` joins every token of the document on each access: read the span's once
    base, text = (span.start_char if isinstance(span, Span) else 0), span.text
    quotes: list[Quote] = []
    for i, q in enumerate(quoted):
        speaker = _speaker(doc, q, ranges)
        if speaker is None and i > 0 and quotes[-1].speaker_text and _carries_on(doc, q, quoted[i - 1]):
            prev = quotes[-1]
            speaker_bounds = (prev.speaker_text, prev.speaker_start, prev.speaker_end)
        elif speaker is not None:
            speaker_bounds = (speaker.text, speaker.start_char, speaker.end_char)
        else:
            speaker_bounds = (None, None, None)
        words = " ".join(text[a - base : b - base].strip() for a, b in q.parts)
        quotes.append(Quote(words, q.start, q.end, *speaker_bounds))
    return quotes


def quoted_ranges(span: Doc | Span) -> list[Quoted]:
    """The character ranges inside quotation marks, in Doc offsets."""
    base = span.start_char if isinstance(span, Span) else 0
    text = span.text  # the span's characters; `doc.text` would join the whole document
    found: list[Quoted] = []
    carried: list[tuple[int, int]] = []  # a quote left open at the end of the paragraph before
    carried_from = 0
    bounds = [0, *(m.end() for m in PARAGRAPH.finditer(text)), len(text)]
    for index, (p_start, p_end) in enumerate(pairwise(bounds)):
        paragraph = text[p_start:p_end].rstrip()
        pairs, open_at = _pair_marks(paragraph)
        # a quote running over paragraphs opens each new one again and closes only at its end
        if carried and paragraph[:1] not in OPEN_MARKS + STRAIGHT:
            found.append(Quoted(tuple(carried), carried_from))
            carried = []
        for n, (a, b) in enumerate(pairs):
            part = (base + p_start + a, base + p_start + b)
            if n == 0 and carried:
                found.append(Quoted((*carried, part), carried_from))
                carried = []
            else:
                found.append(Quoted((part,), index))
        if open_at is not None and _has_words(paragraph[open_at:]):
            # open and never closed: a quote running on into the next paragraph, or a lost mark
            part = (base + p_start + open_at, base + p_start + len(paragraph))
            if carried:
                carried.append(part)
            else:
                carried, carried_from = [part], index
        elif carried:
            found.append(Quoted(tuple(carried), carried_from))
            carried = []
    if carried:
        found.append(Quoted(tuple(carried), carried_from))
    found.sort(key=lambda q: q.start)
    return [q for q in found if _has_words(text[q.start - base : q.end - base])]


def _pair_marks(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """Pairs (content start, content end) in one paragraph, and where a last unclosed quote opens."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch not in OPEN_MARKS + CLOSE_MARKS + STRAIGHT:
            continue
        role = _role(text, i)
        if role == "open" or (role == "either" and open_at is None):
            open_at = i + 1
        elif open_at is not None:
            pairs.append((open_at, i))
            open_at = None
    return pairs, open_at


def _role(text: str, i: int) -> str:
    """Whether a mark opens or closes, from the characters around it, then from its shape."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    left_free = before.isspace() or before in BEFORE_OPEN
    right_free = after.isspace() or after in AFTER_CLOSE or after in CLOSE_MARKS + STRAIGHT
    if left_free and not right_free:
        return "open"
    if right_free and not left_free:
        return "close"
    ch = text[i]
    if ch in OPEN_MARKS:
        return "open"
    if ch in CLOSE_MARKS:
        return "close"
    return "either"


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if not t.is_space] if span is not None else []


RELATIVE_OPENERS = frozenset(["which", "who", "whom"])


def _speaker(doc: Doc, quote: Quoted, ranges: list[tuple[int, int]]) -> Span | None:
    """The words naming who spoke a quote, from its own sentence or a short one beside it."""
    for a, b in quote.parts:
        tokens = _tokens(doc, a, b)
        if not tokens:
            continue
        opening = _according_to(tokens[0].sent, ranges, opening=True)
        if opening is not None:
            # "According to U.S. Attorney Bash, the manifesto if written by the suspect ...:
            # “...”": a sentence opened by its source is that source's throughout
            return source_span(opening)
        verb = _governing_verb(tokens, ranges) or _verb_in_sentence(tokens[0].sent, tokens[0], ranges)
        if verb is None:
            verb = _verb_beside(doc, tokens, ranges)
        if verb is not None:
            subject = _outside(subject_of(verb), tokens, ranges) or _agent(verb)
            if subject is not None:
                return _described_after(subject, verb, tokens) or source_span(subject)
            after = _named_after(verb, tokens, ranges)
            if after is not None:
                return after
        source = _according_to(tokens[0].sent, ranges)
        if source is not None:
            return source_span(source)
        subject = _introducing_subject(tokens, ranges)
        if subject is not None:
            return source_span(subject)
    return None


def _outside(subject: Token | None, tokens: list[Token], ranges: list[tuple[int, int]]) -> Token | None:
    """A subject that is no word of a quotation: the parser takes the quote's own subject
    for the verb's in '"The only conclusion ...," tweeted Ken Gude'."""
    if subject is None or inside(subject, ranges):
        return None
    if tokens[0].i <= subject.i <= tokens[-1].i:
        return None
    return subject


def _described_after(subject: Token, verb: Token, tokens: list[Token]) -> Span | None:
    """'“...,” said University of California, San Diego's chancellor, Pradeep Khosla': after an
    inverted reporting verb the whole phrase that follows, when a name is set beside the
    subject there, so the person named in it is found rather than the institution first."""
    if not tokens[-1].i < verb.i < subject.i or subject.ent_type_ == "PERSON":
        return None
    phrase = subject.doc[subject.i : subject.right_edge.i + 1]
    if not any(t.dep_ == "appos" and t.pos_ == "PROPN" for t in phrase):
        return None
    start, end = trimmed(subject.doc, phrase.start, phrase.end)
    return subject.doc[start:end]


def _agent(verb: Token) -> Token | None:
    """ "he was told by Emergencies Minister Yevgeny Zinichev of “...”": the one doing the telling."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _named_after(verb: Token, tokens: list[Token], ranges: list[tuple[int, int]]) -> Span | None:
    """'“...” tweeted Mayor of London Sadiq Khan': the words after a reporting verb that
    follows the closing mark, when the parser gave the verb no subject."""
    doc = verb.doc
    between = doc[tokens[-1].i + 1 : verb.i]
    if verb.i < tokens[-1].i or not all(t.is_punct or t.is_space for t in between) or len(between) > 3:
        return None
    end = verb.i + 1
    while (
        end < verb.sent.end
        and end - verb.i <= MAX_NAMED_AFTER
        and not (doc[end].is_punct and doc[end].text not in {"-", "."})
        and not inside(doc[end], ranges)
    ):
        end += 1
    words = doc[verb.i + 1 : end]
    if not any(t.pos_ in {"PROPN", "NOUN"} for t in words):
        return None
    return words


def _introducing_subject(tokens: list[Token], ranges: list[tuple[int, int]]) -> Token | None:
    """Who speaks a quote set after a clause, whatever its verb: "Philip Hammond commented,
    “...”", "Senator Lindsey Graham spoke on Fox News, “...”", "Trump characterized the call
    as “perfectly fine”": the subject of the verb the quote follows or hangs on.

    The quote either follows the clause after a comma or colon, or sits inside it as a
    fragment (the parse ties its words to the verb); a subject that holds the quote
    itself ("the so-called “peace plan” failed") is none.
    """
    doc = tokens[0].doc
    first = tokens[0].i
    before = doc[first - 1] if first > 0 else None
    while before is not None and before.text in STRAIGHT + OPEN_MARKS and before.i > 0:
        before = doc[before.i - 1]
    verb: Token | None = None
    if before is not None and before.text in {",", ":"} and before.sent.start == tokens[0].sent.start:
        clause = [t for t in doc[before.sent.start : before.i] if not inside(t, ranges)]
        verbs = [t for t in clause if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass", "amod"}]
        verb = verbs[-1] if verbs else None
    else:
        members = {t.i for t in tokens}
        top = next((t for t in tokens if t.head.i not in members), None)
        # a word in marks modifying a noun outside them is a scare quote, nobody's words:
        # "the army shelled the “safe” zone"
        scare = top is not None and top.dep_ in SCARE_DEPS and top.head.pos_ in {"NOUN", "PROPN"}
        if top is not None and not is_root(top) and not scare:
            verb = climb(top.head, lambda t: t.pos_ in {"VERB", "AUX"} and not inside(t, ranges))
    if verb is None or inside(verb, ranges):
        return None
    subject = _outside(subject_of(verb), tokens, ranges)
    if subject is None or subject.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    if subject.left_edge.i <= first <= _phrase_end(subject):
        return None
    return subject


def _phrase_end(subject: Token) -> int:
    """Where a subject's own noun phrase ends: without a relative clause or a description
    set after it ("tour manager Thomas Gray, 24, who cited rugby: “...”" holds no quote)."""
    if subject.pos_ != "PROPN":
        return subject.right_edge.i  # "any questions that ...": a common noun's clause is its own
    kept = [c.right_edge.i for c in subject.rights if not _set_after(c)]
    return max([subject.i, *kept])


def _set_after(child: Token) -> bool:
    """A comma, a description, or a clause opened by "who"/"which" after a name."""
    if child.dep_ in {"appos", "punct"}:
        return True
    return child.dep_ == "relcl" and any(c.lower_ in RELATIVE_OPENERS for c in child.children)


def _according_to(sent: Span, ranges: list[tuple[int, int]], opening: bool = False) -> Token | None:
    """The source of a quote told "according to X" (with `opening`, only where the sentence
    opens with it)."""
    for token in sent:
        if opening and token.i > sent.start + 1:
            return None
        if token.lower_ == "according" and not inside(token, ranges):
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None


def _governing_verb(tokens: list[Token], ranges: list[tuple[int, int]]) -> Token | None:
    """The nearest reporting verb above the quoted words in the parse: "said that X was “ripe”"."""
    members = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in members or t.head.i == t.i]
    for root in roots:
        if not is_root(root):
            verb = climb(root.head, lambda t: _is_quoting_verb(t, ranges))
            if _is_quoting_verb(verb, ranges):
                return verb
    return None


def _verb_in_sentence(sent: Span, near: Token, ranges: list[tuple[int, int]]) -> Token | None:
    """A reporting verb elsewhere in the sentence: "The minister told reporters: “...”"."""
    verbs = [t for t in sent if _is_quoting_verb(t, ranges)]
    # a verb of a relative clause is an aside, not the sentence's attribution: "Speaker John
    # Bercow commented on the matter — which the BBC noted as unusual — “...”"
    main = [t for t in verbs if not _relative(t)]
    return min(main, key=lambda t: abs(t.i - near.i), default=None)


def _relative(verb: Token) -> bool:
    """A verb of a relative clause, also where the model missed it ("which the BBC noted")."""
    return verb.dep_ == "relcl" or any(c.lower_ in RELATIVE_OPENERS and c.i < verb.i for c in verb.children)


def _verb_beside(doc: Doc, tokens: list[Token], ranges: list[tuple[int, int]]) -> Token | None:
    """A quote standing as a sentence of its own: "“...” \n he said." or "He added: “...”"."""
    sent = tokens[0].sent
    if not _only_quote(sent, ranges):
        return None
    after = doc[sent.end : sent.end + 1]
    # the characters between the sentence and the next token: its last token's whitespace
    if len(after) and "\n" not in doc[sent.end - 1].whitespace_:
        following = after[0].sent
        if len(following) <= SHORT_ATTRIBUTION:
            verb = _verb_in_sentence(following, following[0], ranges)
            if verb is not None and not any(c.dep_ == "ccomp" for c in verb.children):
                return verb
    if sent.start > 0:
        before = doc[sent.start - 1].sent
        if before.text.rstrip().endswith(":"):
            return _verb_in_sentence(before, before[-1], ranges)
    return None


def _only_quote(sent: Span, ranges: list[tuple[int, int]]) -> bool:
    return all(inside(t, ranges) or t.is_punct or t.is_space for t in sent)


def _is_quoting_verb(token: Token, ranges: list[tuple[int, int]]) -> bool:
    return token.lemma_ in QUOTING_VERBS and token.pos_ in {"VERB", "AUX"} and not inside(token, ranges)


def _carries_on(doc: Doc, quote: Quoted, previous: Quoted) -> bool:
    """A quote opening its sentence, in the paragraph of the quote before or the next one."""
    if quote.paragraph - previous.paragraph > 1:
        return False
    tokens = _tokens(doc, quote.start, quote.end)
    if not tokens:
        return False
    sent = tokens[0].sent
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    # the quote's first word, past an editor's bracket: "[I]ncreasingly ..."
    own = next((t for t in tokens if not t.is_punct), tokens[0])
    return first is not None and first.i == own.i
