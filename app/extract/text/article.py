"""Reading an article: the two input formats, and its segments.

The seed format is ` date YYYY-MM-DD` followed by the text; paragraphs are split on
blank lines. Wire copy ends with `___` separators, a byline ("X reported from Y"),
a footer ("Follow the AP's coverage ...") and `Caption ...` paragraphs whose photo
credits are kept apart from the caption text: photographers are credits, not people
in the news.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..types import SegmentKind

HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
SEPARATOR = re.compile(r"\A_{3,}\Z")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x1f\x7f]")
CAPTION_PREFIX = re.compile(r"\ACaption\s+")
# "(AP Photo/Rodrigo Abd)", "(Planet Labs PBC via AP)", "Credit: Rodrigo Abd", at the end of a caption
# whose trailing whitespace is cut first. Searched over untrusted text, so no two quantifiers
# can take the same run of characters and each repeat is bounded: a caption ending in 600
# spaces once took this pattern 25 s, and 3,000 spaces hours (#21)
CREDIT = re.compile(
    r"(?:\((?:[A-Z]{2,20}\s+Photos?/[^)]{0,200}|[^()]{0,200}?\bvia\s+[A-Z]{2}[^)]{0,200})\)\s*)?"
    r"(?:Credit:[^\n]{0,200})?\Z"
)
CREDIT_NAME = re.compile(r"Credit:\s*(\S.{0,200})\Z")  # a credit is at most ~420 characters: bounded
BYLINE = re.compile(
    r"\A(?P<authors>[A-Z][\w'’.-]+(?:(?:,\s*|\s+and\s+|\s+)[A-Z][\w'’.-]+)*)\s+(?:reported|wrote)\s+from\s+"
    r"(?P<place>[A-Z][\w'’ .-]+?)(?:,\s*[A-Z][\w .-]+)?\.(?:\s|\Z)"
)
CONTRIBUTED = re.compile(r"\bcontributed (?:to )?(?:this )?report", re.IGNORECASE)
FOOTER = re.compile(r"\A(?:Follow\b|Read more\b|More on\b|Find more\b|See more\b)|https?://", re.IGNORECASE)
# "KYIV, Ukraine (AP) —", "ST. LOUIS (AP) —" at the start of the first body paragraph. Words are
# separated by spaces no word holds, so there is one way to read each prefix: the pattern
# with spaces inside its classes backtracked over a paragraph of spaces for minutes (#21)
DATELINE = re.compile(
    r"\A(?P<place>[A-Z][A-Z.'-]+(?: +[A-Z.'-]+)*?)(?: *, *[A-Z][A-Za-z.]*(?: +[A-Za-z.]+)*)?"
    r"\s*\((?:AP|Reuters|AFP)\)\s*[—–-]+\s*"
)


class ArticleFormatError(ValueError):
    """The input is not an article we can read; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph of the article, typed, with its span in the article text."""

    kind: SegmentKind
    start: int
    end: int
    credit: str | None = None  # a caption's photo credit, kept apart from its text


@dataclass(frozen=True)
class Article:
    """An article as read from its file or request: text, date and where it came from."""

    text: str
    published: dt.date
    title: str | None = None
    source: str | None = None
    url: str | None = None
    segments: tuple[Segment, ...] = field(default=())
    authors: tuple[str, ...] = field(default=())
    dateline: str | None = None

    @property
    def content_hash(self) -> str:
        """Identity of the content: the same text and date are the same article."""
        digest = hashlib.sha256(f"{self.published.isoformat()}\n{self.text}".encode())
        return digest.hexdigest()

    def segment_text(self, segment: Segment) -> str:
        return self.text[segment.start : segment.end]


def parse_date(value: str) -> dt.date:
    """Read a YYYY-MM-DD date, saying what is wrong when it is not one."""
    # fromisoformat alone also reads 20220304 and 2022-W10-1; a publication date is a day
    try:
        if not ISO_DAY.fullmatch(value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ArticleFormatError(f"published date {value!r} is not a real YYYY-MM-DD date") from exc


def read_seed_format(raw: str, *, source: str | None = None) -> Article:
    """Read the seed format: ` date YYYY-MM-DD` then the article text."""
    match = HEADER.match(raw)
    if not match:
        raise ArticleFormatError("the text must start with ' date YYYY-MM-DD' followed by the article")
    published = parse_date(match.group(1))
    text = raw[match.end() :].strip()
    return with_body(build_article(text, published, title=headline(text), source=source))


# A headline: one short line, a paragraph of its own over more text, ending without a sentence's full stop
# (or comma, colon...: a line cut mid-sentence); "?" and "!" do end headlines.
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 150
NOT_HEADLINE_END = re.compile(r"[.,;:\u2026][\"'\u201d\u2019)]*\Z")
BY_LINE = re.compile(r"\A(?:by|from)\s", re.IGNORECASE)


def headline(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline, else None."""
    first, _newline, rest = text.partition("\n")
    first = first.strip()
    # its own paragraph: a first line that runs on into the next is a wrapped sentence
    own_paragraph = rest.lstrip(" \t").startswith("\n")
    if not own_paragraph or not rest.strip() or not first or len(first) > HEADLINE_MAX_CHARS:
        return None
    if len(first.split()) > HEADLINE_MAX_WORDS or NOT_HEADLINE_END.search(first) or BY_LINE.match(first):
        return None
    return first


# A title from the lede, for an article with no headline (wire copy in the seed format has
# none): its first sentence, whole when short, else cut where a clause begins, marked with "…"
# so that no one takes it for the desk's own headline. Read from the paragraph's first
# LEDE_WINDOW characters only: the text is untrusted.
LEDE_WINDOW = 400
LEDE_MAX_CHARS = 90
LEDE_MIN_CHARS = 30
# a sentence ends after a word of three lowercase letters or digits ("said.", "2022."), so "Gen.
# Milley" and "U.S. officials" run on; closing quotes and brackets go with it
SENTENCE_END = re.compile(r"(?<=[a-z0-9]{3}[.!?])[\"'”’)]*(?=\s)")
# where a clause begins: after a comma, colon, semicolon or dash, or before a conjunction
CLAUSE = re.compile(
    r"[,;:]\s|\s[—–-]\s|\s(?=(?:and|but|while|as|after|amid|because|when|where|since|though|"
    r"although|before|until|despite|with|which|who|that)\s)"
)


def lede_title(text: str, segments: tuple[Segment, ...]) -> str | None:
    """A title from the first body paragraph's first sentence (after any dateline), for an
    article that has no headline of its own."""
    first = next((seg for seg in segments if seg.kind == "body"), None)
    if first is None:
        return None
    para = text[first.start : first.end][:LEDE_WINDOW]
    para = para[m.end() :] if (m := DATELINE.match(para)) else para
    para = " ".join(para.split())
    end = SENTENCE_END.search(para)
    sentence = para[: end.end() if end else len(para)].strip()
    if len(sentence) <= LEDE_MAX_CHARS and (end or len(para) < LEDE_WINDOW):
        # a headline has no full stop (inside closing quotes too): nor does this title, which
        # so never reads as the first paragraph itself (extract reads a figure there as the headline's)
        return re.sub(r"\.(?=[\"'”’)]*\Z)", "", sentence) or None
    head = sentence[: LEDE_MAX_CHARS + 1]
    cuts = [m.start() for m in CLAUSE.finditer(head) if LEDE_MIN_CHARS <= m.start() <= LEDE_MAX_CHARS]
    cut = cuts[0] if cuts else head.rfind(" ", 0, LEDE_MAX_CHARS)
    words = head[: cut if cut > 0 else LEDE_MAX_CHARS].rstrip(" ,;:-—–").split(" ")
    while len(words) > 1 and words[-1] in DANGLING:  # "killed four people in…" reads cut short
        words.pop()
    return " ".join(words) + "…"


# words a cut title may not end on: they lead into what was cut
DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "its",
        "their",
        "his",
        "her",
    ]
)


def build_article(
    text: str,
    published: dt.date,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Article:
    """Normalise line endings, split and type the segments, find byline and dateline; with no
    title given, one from the lede."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ArticleFormatError("the article has no text")
    segments = tuple(split_segments(text))
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    for seg in segments:
        if seg.kind == "byline" and (m := BYLINE.match(text[seg.start : seg.end])):
            authors = tuple(a for a in re.split(r",\s*|\s+and\s+", m.group("authors")) if a)
            dateline = m.group("place").strip()
            break
    first_body = next((s for s in segments if s.kind == "body"), None)
    if dateline is None and first_body and (m := DATELINE.match(text[first_body.start : first_body.end])):
        dateline = m.group("place").strip().title()
    return Article(
        text=text,
        published=published,
        title=title or lede_title(text, segments),
        source=source,
        url=url,
        segments=segments,
        authors=authors,
        dateline=dateline,
    )


def split_segments(text: str) -> list[Segment]:
    """Split on blank lines and type each paragraph; separators are dropped."""
    segments: list[Segment] = []
    after_separator = False
    pos = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        para = text[pos:end]
        start = pos
        pos = match.end() if match else len(text)
        if not para.strip():
            continue
        if SEPARATOR.match(para.strip()):
            after_separator = True
            continue
        segments.append(type_paragraph(para, start, after_separator))
    return segments


def type_paragraph(para: str, start: int, after_separator: bool) -> Segment:
    """Decide what one paragraph is: caption, byline, footer or body."""
    if cap := CAPTION_PREFIX.match(para):
        text_end = max(cap.end(), len(para.rstrip()))
        credit_match = CREDIT.search(para, cap.end(), text_end)
        credit_start = credit_match.start() if credit_match else text_end
        body_end = cap.end() + len(para[cap.end() : credit_start].rstrip())
        credit = para[credit_start:text_end].strip() or None
        return Segment("caption", start + cap.end(), start + body_end, credit=credit_name(credit))
    if after_separator and (BYLINE.match(para) or CONTRIBUTED.search(para)):
        return Segment("byline", start, start + len(para))
    if after_separator and FOOTER.search(para):
        return Segment("footer", start, start + len(para))
    return Segment("body", start, start + len(para))


def credit_name(credit: str | None) -> str | None:
    """The photographer or agency named by a credit line."""
    if not credit:
        return None
    if m := CREDIT_NAME.search(credit):
        return m.group(1).strip()
    if m := re.search(r"/([^)]+)\)", credit):
        return m.group(1).strip()
    return credit.strip("() ")


def read_article(raw: bytes | str, *, content_type: str = "text/plain", source: str | None = None) -> Article:
    """Read either input format; raise ArticleFormatError saying what to fix."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")  # UTF-8 bytes never decode to a lone surrogate
        except UnicodeDecodeError as exc:
            raise ArticleFormatError(f"the body is not UTF-8 text (bad byte at {exc.start})") from exc
    else:
        check_unicode(raw, "the body")
    if "\x00" in raw:
        raise ArticleFormatError("the body contains NUL bytes: send text, not a binary file")
    raw = raw.removeprefix("\ufeff")  # the byte order mark some editors write: not text
    if content_type.split(";")[0].strip().lower() == "application/json":
        return read_json_article(raw, source=source)
    return read_seed_format(raw, source=source)


def read_json_article(raw: str, *, source: str | None = None) -> Article:
    """Read {"text", "published", "title"?, "source"?, "url"?}."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ArticleFormatError(f"the body is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise ArticleFormatError("the JSON body is nested too deeply to read") from exc
    except ValueError as exc:  # an integer of 4,300+ digits, which Python refuses to convert
        raise ArticleFormatError(f"the JSON body holds a number too long to read: {exc}") from exc
    if not isinstance(data, dict):
        raise ArticleFormatError("the JSON body must be an object with 'text' and 'published'")
    for key in ("text", "published"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ArticleFormatError(f"the JSON body needs a non-empty string '{key}'")
    for key in ("title", "source", "url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ArticleFormatError(f"'{key}' must be a string when given")
    for key in ("text", "published", "title", "source", "url"):
        # a JSON "\u0000" escape survives the byte check above; PostgreSQL cannot store it
        if "\x00" in (data.get(key) or ""):
            raise ArticleFormatError(f"'{key}' contains a NUL character (\\u0000)")
        # and so does "\ud800": a lone surrogate is no character, and cannot be stored as UTF-8
        check_unicode(data.get(key) or "", f"'{key}'")
    article = build_article(
        data["text"],
        parse_date(data["published"]),
        title=data.get("title"),
        source=data.get("source") or source,
        url=web_url(data.get("url")),
    )
    return with_body(article)


def web_url(value: str | None) -> str | None:
    """An article's `url` as sent when it is an http(s) address with a host; None for none.

    Every client shows it as a link: a `javascript:` or `data:` one would run in the reader's
    page. A browser drops spaces around a URL and tabs and newlines in it (" java\tscript:"
    is javascript:), so a url holding any is refused rather than read past.
    """
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an unclosed "[" of an IPv6 host, a port that is not a number
        valid = False
    if not valid or value != value.strip() or CONTROL.search(value):
        raise ArticleFormatError(f"'url' must be an http:// or https:// address, not {value[:100]!r}")
    return value


def check_unicode(text: str, what: str) -> None:
    """Refuse a lone surrogate, which no UTF-8 text holds and no database stores."""
    if match := SURROGATE.search(text):
        raise ArticleFormatError(
            f"{what} contains a lone surrogate (\\u{ord(match.group()):04x}) at {match.start()}: "
            "not a Unicode character"
        )


def with_body(article: Article) -> Article:
    """The article, if it has body text; separators, captions or bylines alone are no article."""
    if not any(
        seg.kind == "body" and any(ch.isalnum() for ch in article.segment_text(seg))
        for seg in article.segments
    ):
        raise ArticleFormatError("the article has no body text")
    return article
