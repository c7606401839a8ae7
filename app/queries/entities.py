"""People, places and organizations: a name resolved to ids (forgiving: any alias, case or
accent), suggestions for a name that matches nothing, pages of them, and their public shape."""

from __future__ import annotations

import difflib
import operator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, func, or_
from sqlmodel import Session, col, select

from .. import models
from ..db import dialect_of
from ..errors import BadRequest, NotFound
from ..extract.people.names import known_by_title, match_key
from ..extract.text.folding import fold
from ..schemas import Organization, Person, Place
from .cursors import decode_cursor, decode_name_cursor, encode_cursor, encode_name_cursor

# Core tables (filters.table_of, which imports this module for name resolution)
ENTITY: Any = models.Entity.__table__  # type: ignore[attr-defined]
NAME: Any = models.EntityName.__table__  # type: ignore[attr-defined]
# Built once: a filter by name resolves on every request that names someone.
KIND_BY_ID = select(ENTITY.c.kind).where(ENTITY.c.id == bindparam("id"))
IDS_BY_NAME = (
    select(NAME.c.entity_id)
    .join(ENTITY, ENTITY.c.id == NAME.c.entity_id)
    .where(
        or_(NAME.c.folded == bindparam("folded"), NAME.c.match_key == bindparam("key")),
        ENTITY.c.kind == bindparam("kind"),
    )
    .distinct()
)
# a surname alone: the people whose full name ends with it, by variant key (indexed)
IDS_BY_SURNAME_KEY = select(ENTITY.c.id).where(
    ENTITY.c.kind == "person", ENTITY.c.surname_key == bindparam("key")
)
IDS_BY_SURNAME = (
    select(NAME.c.entity_id)
    .join(ENTITY, ENTITY.c.id == NAME.c.entity_id)
    .where(NAME.c.folded.endswith(bindparam("surname"), escape="/"), ENTITY.c.kind == bindparam("kind"))
    .distinct()
)
_IDS: Any = bindparam("ids", expanding=True)
PLACES_AROUND = select(ENTITY.c.id).where(
    ENTITY.c.kind == "place",
    or_(
        ENTITY.c.id.in_(_IDS),
        ENTITY.c.country.in_(
            select(ENTITY.c.country).where(ENTITY.c.id.in_(_IDS), ENTITY.c.place_kind == "country")
        ),
    ),
)


def resolve_entity(session: Session, kind: str, ref: str, parameter: str | None = None) -> tuple[int, ...]:
    """The ids an id or a name (any alias, any case or accent) points to; 404 with suggestions
    (and the query `parameter` that named it, for a client to offer the suggestions in its place)."""
    ref = ref.strip()
    if (
        ref.isascii() and ref.isdigit() and int(ref) <= models.MAX_ID
    ):  # '¹' is a digit to str.isdigit, not to int()
        if session.execute(KIND_BY_ID, {"id": int(ref)}).scalar() != kind:
            raise NotFound(f"no {kind} with id {ref}")
        return (int(ref),)
    name = NameForms.of(kind, ref)
    folded, key = name.folded, name.key
    if not folded:
        raise BadRequest(f"'{ref}' is not a {kind} id or name")
    ids = set(session.execute(IDS_BY_NAME, {"folded": folded, "key": key, "kind": kind}).scalars())
    if kind == "person" and " " not in key and not known_by_title(ref):
        # every bearer of the surname, besides anyone so named: "Biden" with two Bidens is both
        ids.update(session.execute(IDS_BY_SURNAME_KEY, {"key": key}).scalars())
    if not ids and kind == "person" and " " not in folded:
        # a surname alone finds the people whose full name ends with it ("/v1/people/vandermolen")
        surname = " " + like_literal(folded)
        ids.update(session.execute(IDS_BY_SURNAME, {"surname": surname, "kind": kind}).scalars())
    if ids:
        return tuple(sorted(ids))
    at = {"parameter": parameter} if parameter else {}
    raise NotFound(f"no {kind} named '{ref}'", suggestions=suggest(session, kind, name), **at)


def like_literal(text: str) -> str:
    """Text matched literally by LIKE ... ESCAPE '/': a name's '_' is no wildcard."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@dataclass(frozen=True)
class NameForms:
    """A name as every lookup compares it: folded (case, accents, punctuation) and by its
    variant key (romanisation, exonyms, acronyms). A path, a `?person=` filter, `q=` on a
    list and the 404's suggestions all read this, so what one finds the others find."""

    folded: str
    key: str
    kind: str

    @classmethod
    def of(cls, kind: str, text: str) -> NameForms:
        folded = fold(text)
        return cls(folded, match_key(kind, text) or folded, kind)

    def within(self) -> Any:
        """An entity_name row holds it: the folded text anywhere in a folded name, or the key
        as the start of a word of the name's key (`Zelenskiy` in "Volodymyr Zelenskyy",
        `kiev` in Kyiv). An organization's key is compared whole: it may be an acronym
        ("un" for United Nations) that would otherwise start many words."""
        folded = col(models.EntityName.folded).contains(self.folded, autoescape=True)
        if self.kind == "organization":
            return or_(folded, col(models.EntityName.match_key) == self.key)
        return or_(folded, self._word_start(col(models.EntityName.match_key), self.key))

    def word_start(self) -> Any:
        """A word of the name (folded, or its key) starts with it: autocomplete ranks these first."""
        starts = self._word_start(col(models.EntityName.folded), self.folded)
        if self.kind == "organization":
            return or_(starts, col(models.EntityName.match_key) == self.key)
        return or_(starts, self._word_start(col(models.EntityName.match_key), self.key))

    @staticmethod
    def _word_start(column: Any, text: str) -> Any:
        return or_(column.startswith(text, autoescape=True), column.contains(" " + text, autoescape=True))


def suggest(session: Session, kind: str, name: NameForms, among: Any = None, n: int = 5) -> list[str]:
    """Names spelled close to one that matched nothing (of the entities `among` selects, or
    all of the kind): the did-you-mean of a 404 and of an autocomplete that found nothing."""
    stmt = (
        select(col(models.Entity.name), col(models.EntityName.folded), col(models.EntityName.match_key))
        .join(models.EntityName, col(models.EntityName.entity_id) == col(models.Entity.id))
        .where(col(models.Entity.kind) == kind)
    )
    if among is not None:
        stmt = stmt.where(col(models.Entity.id).in_(among.with_only_columns(col(models.Entity.id))))
    by_form: dict[str, str] = {}
    for entity, folded, key in session.exec(stmt).all():
        by_form.setdefault(folded, entity)
        # the key too: "Stoltenburg" is one letter from Stoltenberg's key
        if key:
            by_form.setdefault(key, entity)
    close = [*difflib.get_close_matches(name.folded, list(by_form), n=n, cutoff=0.6)]
    if name.key != name.folded:
        close += difflib.get_close_matches(name.key, list(by_form), n=n, cutoff=0.6)
    return list(dict.fromkeys(by_form[c] for c in close))[:n]


def places_within(session: Session, ids: tuple[int, ...]) -> tuple[int, ...]:
    """The places and, for a country, every place the gazetteer puts inside it (`?place=Ukraine`)."""
    return tuple(sorted(session.execute(PLACES_AROUND, {"ids": list(ids)}).scalars()))


def get_entity(session: Session, kind: str, ref: str) -> models.Entity:
    """The entity an id or name points to (the first, when a name fits several); 404 otherwise."""
    ids = resolve_entity(session, kind, ref)
    row = session.get(models.Entity, ids[0])
    assert row is not None
    return row


def list_entities(
    session: Session,
    kind: str,
    *,
    q: str | None,
    limit: int,
    cursor: str | None,
    ids: tuple[int, ...] | None = None,
    sort: str | None = None,
) -> tuple[list, int, str | None]:
    """A page of entities in id order; with q, those whose name or alias contains it, the
    ones where a word starts with it first (autocomplete: `zel` puts Zelensky before Brazel).
    A `sort` (id or name, '-' reverses) orders them by it alone, q or not."""
    stmt = entity_select(kind, q=q, ids=ids)
    count = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    name = NameForms.of(kind, q) if q else None
    if sort is not None or name is None or not name.folded:
        rows, nxt = sorted_entities(session, stmt, kind, sort or "id", limit=limit, cursor=cursor)
        return rows, count, nxt
    word_start = named_like(name.word_start())
    rank = case((word_start, 0), else_=1)
    position = decode_cursor(cursor, "match", MATCH_RANKS, listing=kind)
    if position is not None:
        after = col(models.Entity.id) > position[2]
        stmt = stmt.where(
            or_(and_(word_start, after), ~word_start) if position[1] == "word" else and_(~word_start, after)
        )
    ranked: Any = stmt.add_columns(rank).order_by(rank, col(models.Entity.id)).limit(limit + 1)
    found: list[Any] = list(session.execute(ranked).all())
    nxt = None
    if len(found) > limit:
        last, last_rank = found[limit - 1]
        nxt = encode_cursor("match", None, last.id, MATCH_RANKS[last_rank], listing=kind)
    return [r[0] for r in found[:limit]], count, nxt


def entity_select(kind: str, *, q: str | None, ids: tuple[int, ...] | None) -> Any:
    """The entities of a kind a list holds: of `ids`, when given; with q, those whose name or
    alias contains it."""
    stmt = select(models.Entity).where(col(models.Entity.kind) == kind)
    if ids is not None:
        stmt = stmt.where(col(models.Entity.id).in_(ids))
    name = NameForms.of(kind, q) if q else None
    if name is not None and name.folded:
        # escaped (NameForms): folding keeps '_' (a word character), which LIKE reads as "any character"
        stmt = stmt.where(named_like(name.within()))
    return stmt


def did_you_mean(session: Session, kind: str, q: str | None, ids: tuple[int, ...] | None) -> list[str] | None:
    """For a list whose `q` no name holds: the names (of `ids`, when given) spelled closest to
    it, as a lookup's 404 offers them; None when q is not set."""
    name = NameForms.of(kind, q) if q else None
    if name is None or not name.folded:
        return None
    return suggest(session, kind, name, among=entity_select(kind, q=None, ids=ids))


ENTITY_SORTS = ("id", "-id", "name", "-name")


def sorted_entities(
    session: Session, stmt: Any, kind: str, sort: str, *, limit: int, cursor: str | None
) -> tuple[list, str | None]:
    """The first `limit` entities `stmt` selects after the cursor in `sort` order (id, or name
    then id; '-' reverses), and the cursor after them if more follow."""
    ident = col(models.Entity.id)
    later = operator.lt if sort.startswith("-") else operator.gt
    by_name = sort.lstrip("-") == "name"
    if by_name:
        # code point order on both databases (SQLite's default BINARY is; PostgreSQL's locale
        # collation is not), so a list reads the same whichever serves it
        name: Any = col(models.Entity.name)
        name = name.collate("C") if dialect_of(session) == "postgresql" else name
        after = decode_name_cursor(cursor, sort, listing=kind)
        if after is not None:
            stmt = stmt.where(or_(later(name, after[0]), and_(name == after[0], later(ident, after[1]))))
        keys: tuple[Any, ...] = (name, ident)
    else:
        position = decode_cursor(cursor, sort, listing=kind)
        if position is not None:
            stmt = stmt.where(later(ident, position[2]))
        keys = (ident,)
    order = [key.desc() if sort.startswith("-") else key for key in keys]
    rows = list(session.exec(stmt.order_by(*order).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    if by_name:
        return rows[:limit], encode_name_cursor(sort, last.name, last.id, listing=kind)
    return rows[:limit], encode_cursor(sort, None, last.id, listing=kind)


MATCH_RANKS = ("word", "inner")  # a word of a name starts with q; q is inside a word


def named_like(condition: Any) -> Any:
    """The entity has a name or alias meeting the condition."""
    return exists().where(col(models.EntityName.entity_id) == col(models.Entity.id), condition)


def page(rows: list, limit: int, count: int, listing: str) -> tuple[list, int, str | None]:
    """A page of rows in id order: the first `limit`, and a cursor if one more was fetched."""
    nxt = encode_cursor("id", None, rows[limit - 1].id, listing=listing) if len(rows) > limit else None
    return rows[:limit], count, nxt


EntityPublic = Person | Place | Organization
PUBLIC: dict[str, type[EntityPublic]] = {
    "person": Person,
    "place": Place,
    "organization": Organization,
}


def entity_public(row: Any) -> Any:
    """A stored person, place or organization (or one extracted, with the same fields) in its
    public shape; typed Any so a route declares which of the three it serves."""
    return PUBLIC[row.kind].model_validate(row, from_attributes=True)
