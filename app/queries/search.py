"""Full-text search over quote and claim text, one interface over FTS5 and tsvector.

A word of `q` finds the words of a text that start with it, without regard to case or
accents (`naive` finds "naïve"), and also the ways news writes the same word otherwise:

- a compound closed, hyphenated or open: `ceasefire` finds "cease-fire" and "cease fire",
  `cease-fire` and `cease fire` find "ceasefire" (`email`, "e-mail");
- a name by another spelling the database knows for it: `kiev` finds "Kyiv", `Zelenskiy`
  finds "Zelenskyy", by the variant keys lookups compare (extract.people.names).

Each word of q becomes its alternatives, OR-ed; the words are AND-ed. Both databases get
the same alternatives, written in their own syntax (`search_param`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import column, literal_column, select, table, text
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session, col

from .. import models
from ..errors import BadRequest
from ..extract.people.names import organization_key, person_key, place_key
from ..extract.text.folding import fold

# Documented in the OpenAPI schema, checked in code (`searchable`): a pattern FastAPI
# enforced would turn these 400s into 422s. A search holds a letter or digit.
SEARCHABLE = r"[^\W_]"
# Letters and digits only: both tokenizers split at '_' too, and no tsquery operator
# (& | ! : * < >) or FTS5 syntax can survive into the query.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 32
PG_CONFIG = "simple"

# The Latin letters with accents that decompose to one ASCII letter, and that letter.
# PostgreSQL's 'simple' configuration keeps accents (FTS5's unicode61 tokenizer removes
# them), so its index reads the text through translate() with these (migration 0012 holds
# the same two strings: an index is used only for the very expression it was built on).
# translate() is built in and immutable, where unaccent is an extension a host may lack.
ACCENTED = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵ"
    "ĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺ"
    "ǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶ"
    "ḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛ"
    "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)
PLAIN = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJj"
    "KkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzsOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnA"
    "aAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkL"
    "lLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwys"
    "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy"
)
UNACCENT = str.maketrans(ACCENTED, PLAIN)
# what the GIN index of migration 0012 holds, for a column of text
INDEXED = f"to_tsvector('{PG_CONFIG}', translate({{column}}, '{ACCENTED}', '{PLAIN}'))"

# A compound is split where the first half is two letters or more, or one letter other than
# the words "a" and "I" (e-mail, x-ray, t-shirt), and the second three or more: a prefix of
# one or two letters would walk every indexed word starting with them. Shorter words are not
# split, so `into` does not find "in to".
MIN_SPLIT = 5
MAX_SPLIT = 24


def fts_terms(q: str) -> list[str]:
    """The words of a query, lowercased and unaccented as the indexes hold them; operators
    and punctuation are not passed through (no injection)."""
    return [w.translate(UNACCENT).lower() for w in WORD.findall(q)[:MAX_WORDS]]


def searchable(q: str | None, words: str | None = None) -> str | None:
    """q as given; 400 when it holds no letter or digit, which would match everything or nothing."""
    if q is not None and not any(ch.isalnum() for ch in (q if words is None else words)):
        raise BadRequest(f"q={q!r} has no letters or digits to search for; leave q out to list everything")
    return q


@dataclass(frozen=True)
class Search:
    """A search as asked, with the other spellings the database knows for its words."""

    q: str
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @functools.cached_property
    def folded(self) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
        """The alternatives as `highlight` compares them, folded as text is, once a search:
        the one-word prefixes, and each two-word alternative's second word by its first."""
        words: list[str] = []
        phrases: dict[str, list[str]] = {}
        for alts in self.alternatives():
            for alt in alts:
                parts = [fold(p) for p in alt]
                if not all(parts):
                    continue
                if len(parts) == 1:
                    words.append(parts[0])
                else:
                    phrases.setdefault(parts[0], []).append(parts[1])
        return tuple(words), {first: tuple(rest) for first, rest in phrases.items()}

    def alternatives(self) -> list[list[tuple[str, ...]]]:
        """For each word of q, the word sequences any of which matches it: each sequence is
        consecutive words of the text, the last a prefix."""
        terms = fts_terms(self.q)
        groups = []
        for i, term in enumerate(terms):
            alts: list[tuple[str, ...]] = [(term,), *splits(term)]
            if i > 0 and (term + terms[i - 1]).isalpha():
                alts.append((terms[i - 1] + term,))
            if i + 1 < len(terms) and (term + terms[i + 1]).isalpha():
                alts.append((term + terms[i + 1],))
            alts += [(other,) for other in self.spellings.get(term, ())]
            groups.append(list(dict.fromkeys(alts)))
        return groups


def splits(word: str) -> list[tuple[str, str]]:
    """The two words a closed compound may be written as (`ceasefire`: cease fire, ...)."""
    if not (MIN_SPLIT <= len(word) <= MAX_SPLIT and word.isalpha()):
        return []
    return [(word[:k], word[k:]) for k in range(1, len(word) - 2) if k >= 2 or word[0] not in "ai"]


def with_spellings(session: Session, q: str) -> Search:
    """The search, with the other spellings of its words that stored names have: a word
    whose variant key is a stored name's (or a word of one) also matches that word."""
    keys = {term: name_keys(term) for term in fts_terms(q) if len(term) >= 3 and term.isalpha()}
    wanted = set().union(*keys.values()) if keys else set()
    if not wanted:
        return Search(q)
    name = col(models.EntityName.folded)
    named = select(name).where(col(models.EntityName.match_key).in_(wanted))  # type: ignore[attr-defined]
    surnamed = (
        select(name)
        .join(models.Entity, col(models.Entity.id) == col(models.EntityName.entity_id))
        .where(col(models.Entity.surname_key).in_(wanted))  # type: ignore[union-attr]
    )
    words = {w for folded in session.execute(named.union(surnamed)).scalars() for w in folded.split()}
    spellings = {
        term: tuple(sorted(w for w in words if w != term and name_keys(w) & own))
        for term, own in keys.items()
    }
    return Search(q, {term: found for term, found in spellings.items() if found})


def name_keys(word: str) -> set[str]:
    """The variant keys a word has as a person's, a place's or an organization's name."""
    return {key for key in (person_key(word), place_key(word), organization_key(word)) if key}


def search_param(search: Search, dialect: str) -> str | None:
    """The value `text_matches` binds as `q`: every word as a prefix (search as you type:
    `nucl` finds "nuclear") or one of its alternatives, as an FTS5 or a tsquery expression;
    None when q has no words."""
    groups = search.alternatives()
    if not groups:
        return None
    if dialect == "sqlite":
        return " AND ".join("(" + " OR ".join(f'"{" ".join(a)}"*' for a in alts) + ")" for alts in groups)
    return " & ".join("(" + " | ".join(" <-> ".join(a) + ":*" for a in alts) + ")" for alts in groups)


def highlight(text: str, search: Search | str) -> list[list[int]]:
    """[start, end) offsets in `text` of the words a search matched, compared without case or
    accents (as the indexes compare); what a client wraps in <mark>."""
    search = Search(search) if isinstance(search, str) else search
    words, phrases = search.folded
    found = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
    marked = {i for i, (_s, _e, word) in enumerate(found) if word.startswith(words)}
    for i in range(len(found) - 1):
        for rest in phrases.get(found[i][2], ()):
            if found[i + 1][2].startswith(rest):
                marked.update((i, i + 1))
    return [[found[i][0], found[i][1]] for i in sorted(marked)]


def text_matches(model: type[models.Quote] | type[models.Claim], q: BindParameter[Any], dialect: str) -> Any:
    """A WHERE clause: the fact's text has, for each word of q, the word or an alternative."""
    t = model.__table__  # type: ignore[union-attr]
    if dialect == "sqlite":
        name = f"{model.__tablename__}_fts"
        fts = table(name, column("rowid"))
        return t.c.id.in_(select(fts.c.rowid).where(text(f"{name} MATCH :{q.key}").bindparams(q)))
    # 'simple': no stop words and no stemming, as FTS5; written out as the index is, so it reads it
    indexed: Any = literal_column(INDEXED.format(column=f"{t.name}.text"))
    return indexed.op("@@")(text(f"to_tsquery('{PG_CONFIG}', :{q.key})").bindparams(q))
