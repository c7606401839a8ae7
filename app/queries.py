"""Read-side queries of entities and articles: forgiving lookup, keyset pages, documents.

The fact lists live in `lists.py` (one table) and `feed.py` (all three).
"""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, func, or_
from sqlmodel import Session, col, select

from . import models
from .cursors import decode_cursor, encode_cursor
from .errors import BadRequest, NotFound
from .extract.folding import fold
from .extract.names import known_by_title, match_key
from .filters import FactModel, table_of
from .schemas import (
    ArticlePublic,
    DatePublic,
    FactsDocument,
    OrganizationPublic,
    PersonPublic,
    PlacePublic,
)
from .shapes import fact_select, shape_all

ENTITY = table_of(models.Entity)
NAME = table_of(models.EntityName)
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


# ---------------------------------------------------------------- entities


def resolve_entity(session: Session, kind: str, ref: str) -> tuple[int, ...]:
    """The ids an id or a name (any alias, any case or accent) points to; 404 with suggestions."""
    ref = ref.strip()
    if (
        ref.isascii() and ref.isdigit() and int(ref) <= models.MAX_ID
    ):  # '¹' is a digit to str.isdigit, not to int()
        if session.execute(KIND_BY_ID, {"id": int(ref)}).scalar() != kind:
            raise NotFound(f"no {kind} with id {ref}")
        return (int(ref),)
    folded = fold(ref)
    if not folded:
        raise BadRequest(f"'{ref}' is not a {kind} id or name")
    key = match_key(kind, ref) or folded
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
    raise NotFound(f"no {kind} named '{ref}'", suggestions=suggest(session, kind, folded))


def like_literal(text: str) -> str:
    """Text matched literally by LIKE ... ESCAPE '/': a name's '_' is no wildcard."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def suggest(session: Session, kind: str, folded: str) -> list[str]:
    """Close names, for a 404 that helps."""
    names = session.exec(
        select(col(models.Entity.name), col(models.EntityName.folded))
        .join(models.EntityName, col(models.EntityName.entity_id) == col(models.Entity.id))
        .where(col(models.Entity.kind) == kind)
    ).all()
    by_folded = {f: n for n, f in names}
    close = difflib.get_close_matches(folded, list(by_folded), n=5, cutoff=0.6)
    return list(dict.fromkeys(by_folded[c] for c in close))


def places_within(session: Session, ids: tuple[int, ...]) -> tuple[int, ...]:
    """The places and, for a country, every place the gazetteer puts inside it (`?place=Ukraine`)."""
    return tuple(sorted(session.execute(PLACES_AROUND, {"ids": list(ids)}).scalars()))


def get_entity(session: Session, kind: str, ref: str) -> models.Entity:
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
) -> tuple[list, int, str | None]:
    """A page of entities in id order; with q, those whose name or alias contains it, the
    ones where a word starts with it first (autocomplete: `zel` puts Zelensky before Brazel)."""
    stmt = select(models.Entity).where(col(models.Entity.kind) == kind)
    if ids is not None:
        stmt = stmt.where(col(models.Entity.id).in_(ids))
    folded = fold(q) if q else ""
    if not folded:
        count = session.exec(select(func.count()).select_from(stmt.subquery())).one()
        position = decode_cursor(cursor, listing=kind)
        if position is not None:
            stmt = stmt.where(col(models.Entity.id) > position[2])
        rows = list(session.exec(stmt.order_by(col(models.Entity.id)).limit(limit + 1)))
        return page(rows, limit, count, kind)
    # escaped: folding keeps '_' (a word character), which LIKE reads as "any character"
    stmt = stmt.where(named_like(col(models.EntityName.folded).contains(folded, autoescape=True)))
    count = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    word_start = named_like(
        or_(
            col(models.EntityName.folded).startswith(folded, autoescape=True),
            col(models.EntityName.folded).contains(" " + folded, autoescape=True),
        )
    )
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


MATCH_RANKS = ("word", "inner")  # a word of a name starts with q; q is inside a word


def named_like(condition: Any) -> Any:
    """The entity has a name or alias meeting the condition."""
    return exists().where(col(models.EntityName.entity_id) == col(models.Entity.id), condition)


def page(rows: list, limit: int, count: int, listing: str) -> tuple[list, int, str | None]:
    """A page of rows in id order: the first `limit`, and a cursor if one more was fetched."""
    nxt = encode_cursor("id", None, rows[limit - 1].id, listing=listing) if len(rows) > limit else None
    return rows[:limit], count, nxt


def person_public(row: models.Entity) -> PersonPublic:
    return PersonPublic(id=row.id, name=row.name, aliases=row.aliases, roles=row.roles)


def place_public(row: models.Entity) -> PlacePublic:
    return PlacePublic(
        id=row.id,
        name=row.name,
        aliases=row.aliases,
        country=row.country,
        lat=row.lat,
        lon=row.lon,
        place_kind=row.place_kind,
    )


def organization_public(row: models.Entity) -> OrganizationPublic:
    return OrganizationPublic(id=row.id, name=row.name, aliases=row.aliases)


# ---------------------------------------------------------------- articles


def get_article(session: Session, article_id: int) -> models.Article:
    row = session.get(models.Article, article_id)
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return row


def list_articles(
    session: Session, *, limit: int, cursor: str | None, ids: tuple[int, ...] | None = None
) -> tuple[list, int, str | None]:
    stmt = select(models.Article)
    if ids is not None:
        stmt = stmt.where(col(models.Article.id).in_(ids))
    count = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    position = decode_cursor(cursor, listing="article")
    if position is not None:
        stmt = stmt.where(col(models.Article.id) > position[2])
    rows = list(session.exec(stmt.order_by(col(models.Article.id)).limit(limit + 1)))
    return page(rows, limit, count, "article")


def article_public(row: models.Article) -> ArticlePublic:
    return ArticlePublic.model_validate(row, from_attributes=True)


def facts_document(session: Session, row: models.Article) -> FactsDocument:
    """The stored facts of one article, in the facts-document shape."""
    entities = session.exec(
        select(models.Entity)
        .where(
            exists().where(
                col(models.Mention.entity_id) == col(models.Entity.id),
                col(models.Mention.article_id) == row.id,
            )
        )
        .order_by(col(models.Entity.id))
    ).all()
    segments = {
        s.id: s.kind
        for s in session.exec(select(models.Segment).where(col(models.Segment.article_id) == row.id))
        if s.id is not None
    }
    dates = session.exec(
        select(models.DateMention)
        .where(col(models.DateMention.article_id) == row.id)
        .order_by(col(models.DateMention.start))
    ).all()

    def facts(model: FactModel) -> list[Any]:
        t = table_of(model)
        return shape_all(
            model, session.execute(fact_select(model).where(t.c.article_id == row.id).order_by(t.c.start))
        )

    return FactsDocument(
        article=article_public(row),
        people=[person_public(e) for e in entities if e.kind == "person"],
        places=[place_public(e) for e in entities if e.kind == "place"],
        organizations=[organization_public(e) for e in entities if e.kind == "organization"],
        quotes=facts(models.Quote),
        claims=facts(models.Claim),
        figures=facts(models.Figure),
        dates=[
            DatePublic(
                text=d.text,
                value=d.value,
                granularity=d.granularity,
                segment=segments[d.segment_id],  # type: ignore[arg-type]
                start=d.start,
                end=d.end,
            )
            for d in dates
        ],
    )
