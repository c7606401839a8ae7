"""Read-side queries: filters, keyset pages, and rows shaped into the public schemas."""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, exists, false, func, or_
from sqlmodel import Session, col, select

from . import models
from .errors import BadRequest, NotFound
from .extract.folding import fold
from .schemas import (
    ArticlePublic,
    ClaimPublic,
    DatePublic,
    EntityRef,
    FactsDocument,
    FigurePublic,
    OrganizationPublic,
    PersonPublic,
    PlacePublic,
    QuotePublic,
    Span,
)
from .search import text_matches

Row = TypeVar("Row", models.Quote, models.Claim, models.Figure)
FactModel = type[models.Quote] | type[models.Claim] | type[models.Figure]


@dataclass(frozen=True)
class FactFilter:
    """The filters every fact list shares; entity filters hold the ids a name resolved to."""

    people: tuple[int, ...] | None = None
    organizations: tuple[int, ...] | None = None
    places: tuple[int, ...] | None = None
    article: int | None = None
    day: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    category: str | None = None
    segment: str | None = None
    q: str | None = None
    sort: str = "id"


# ---------------------------------------------------------------- entities


def resolve_entity(session: Session, kind: str, ref: str) -> tuple[int, ...]:
    """The ids an id or a name (any alias, any case or accent) points to; 404 with suggestions."""
    ref = ref.strip()
    if (
        ref.isascii() and ref.isdigit() and int(ref) <= models.MAX_ID
    ):  # '¹' is a digit to str.isdigit, not to int()
        row = session.get(models.Entity, int(ref))
        if row is None or row.kind != kind:
            raise NotFound(f"no {kind} with id {ref}")
        return (int(ref),)
    folded = fold(ref)
    if not folded:
        raise BadRequest(f"'{ref}' is not a {kind} id or name")
    named = select(col(models.EntityName.entity_id)).join(
        models.Entity, col(models.Entity.id) == col(models.EntityName.entity_id)
    )
    ids = session.exec(
        named.where(col(models.EntityName.folded) == folded, col(models.Entity.kind) == kind).distinct()
    ).all()
    if not ids and kind == "person" and " " not in folded:
        # a surname alone finds the people whose full name ends with it ("/v1/people/vandermolen")
        ids = session.exec(
            named.where(
                col(models.EntityName.folded).endswith(" " + folded), col(models.Entity.kind) == kind
            ).distinct()
        ).all()
    if ids:
        return tuple(sorted(ids))
    raise NotFound(f"no {kind} named '{ref}'", suggestions=suggest(session, kind, folded))


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
    countries = session.exec(
        select(col(models.Entity.country)).where(
            col(models.Entity.id).in_(ids), col(models.Entity.place_kind) == "country"
        )  # type: ignore[union-attr]
    ).all()
    if not countries:
        return ids
    inside = session.exec(
        select(col(models.Entity.id)).where(
            col(models.Entity.kind) == "place", col(models.Entity.country).in_(countries)
        )  # type: ignore[union-attr]
    ).all()
    return tuple(sorted({*ids, *(i for i in inside if i is not None)}))


def get_entity(session: Session, kind: str, ref: str) -> models.Entity:
    ids = resolve_entity(session, kind, ref)
    row = session.get(models.Entity, ids[0])
    assert row is not None
    return row


def list_entities(
    session: Session, kind: str, *, q: str | None, limit: int, cursor: str | None
) -> tuple[list, int, str | None]:
    stmt = select(models.Entity).where(col(models.Entity.kind) == kind)
    if q:
        stmt = stmt.where(
            exists().where(
                col(models.EntityName.entity_id) == col(models.Entity.id),
                col(models.EntityName.folded).contains(fold(q)),
            )
        )
    count = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    position = decode_cursor(cursor)
    if position is not None:
        stmt = stmt.where(col(models.Entity.id) > position[1])
    rows = list(session.exec(stmt.order_by(col(models.Entity.id)).limit(limit + 1)))
    return page(rows, limit, count)


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


# ---------------------------------------------------------------- facts


def fact_query(model: FactModel, f: FactFilter, dialect: str = "sqlite") -> Any:
    """A SELECT of one fact table with the filters applied."""
    return select(model).where(*fact_conditions(model, f, dialect))


def fact_conditions(model: FactModel, f: FactFilter, dialect: str) -> list[Any]:
    """The WHERE conditions of the filters, for any fact table.

    A filter that cannot apply to a table (a category on quotes) matches nothing there,
    so the combined stream (`/v1/facts`) stays consistent with the single lists.
    """
    where: list[Any] = []
    if f.article is not None:
        where.append(model.article_id == f.article)
    if f.day is not None:
        where.append(model.day == f.day)
    if f.since is not None:
        where.append(model.day >= f.since)
    if f.until is not None:
        where.append(model.day <= f.until)
    if f.people is not None:
        where.append(person_column(model).in_(f.people))
    if f.organizations is not None:
        where.append(person_column(model).in_(f.organizations))
    if f.places is not None:
        where.append(_place_clause(model, f.places))
    if f.category is not None:
        where.append(col(models.Figure.category) == f.category if model is models.Figure else false())
    if f.segment is not None:
        segments = select(col(models.Segment.id)).where(col(models.Segment.kind) == f.segment)
        where.append(model.segment_id.in_(segments))  # type: ignore[attr-defined]
    if f.q:
        where.append(false() if model is models.Figure else text_matches(model, f.q, dialect))  # type: ignore[arg-type]
    return where


def person_column(model: FactModel) -> Any:
    if model is models.Quote:
        return col(models.Quote.speaker_id)
    if model is models.Claim:
        return col(models.Claim.source_id)
    return col(models.Figure.source_id)


def _place_clause(model: FactModel, places: Sequence[int]) -> Any:
    # a quote or claim is about the places named in its sentence; a figure has its own place
    mentioned = exists().where(
        col(models.Mention.article_id) == model.article_id,
        col(models.Mention.entity_id).in_(places),
        col(models.Mention.start) >= model.sentence_start,
        col(models.Mention.end) <= model.sentence_end,
    )
    if model is models.Figure:
        return or_(
            col(models.Figure.place_id).in_(places), and_(col(models.Figure.place_id).is_(None), mentioned)
        )
    return mentioned


SORTS = ("id", "-id", "day", "-day")


def list_facts(
    session: Session, model: FactModel, f: FactFilter, *, limit: int, cursor: str | None
) -> tuple[list, int, str | None]:
    """One keyset page of a fact table under the filters, shaped for the API."""
    rows, count, nxt = fact_rows(session, model, f, limit=limit, cursor=cursor)
    return shape_facts(session, rows, model), count, nxt


def fact_rows(
    session: Session, model: FactModel, f: FactFilter, *, limit: int, cursor: str | None
) -> tuple[list, int, str | None]:
    """One keyset page of rows, the total under the filters, and the next cursor."""
    conditions = fact_conditions(model, f, dialect_of(session))
    count = session.exec(select(func.count()).select_from(model).where(*conditions)).one()
    order, after = keyset(model, f.sort, cursor)
    # plain rows, not ORM objects: the list is read once and shaped, never modified
    stmt = select(*columns_of(model)).where(*conditions)
    if after is not None:
        stmt = stmt.where(after)
    rows = list(session.exec(stmt.order_by(*order).limit(limit + 1)))
    nxt = encode_cursor(rows[limit - 1], f.sort) if len(rows) > limit else None
    return rows[:limit], count, nxt


def keyset(model: Any, sort: str, cursor: str | None) -> tuple[list[Any], Any]:
    """ORDER BY for a sort, and the condition that starts a page after the cursor's row."""
    descending = sort.startswith("-")
    ident = model.id
    by_day = sort.lstrip("-") == "day"
    order = (
        [model.day.desc(), ident.desc()] if by_day and descending else [model.day, ident] if by_day else []
    )
    if not by_day:
        order = [ident.desc() if descending else ident]
    position = decode_cursor(cursor, sort)
    if position is None:
        return order, None
    day, last_id = position
    if not by_day:
        return order, ident < last_id if descending else ident > last_id
    if descending:
        return order, or_(model.day < day, and_(model.day == day, ident < last_id))
    return order, or_(model.day > day, and_(model.day == day, ident > last_id))


def page(rows: list, limit: int, count: int) -> tuple[list, int, str | None]:
    nxt = encode_cursor(rows[limit - 1], "id") if len(rows) > limit else None
    return rows[:limit], count, nxt


def encode_cursor(row: Any, sort: str) -> str:
    """An opaque cursor: the sort and the last row's position in it."""
    day = getattr(row, "day", None)
    raw = json.dumps({"s": sort, "d": day.isoformat() if day else None, "i": row.id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, sort: str = "id") -> tuple[dt.date | None, int] | None:
    """The (day, id) a cursor points after; 400 if it was not made by this API for this sort."""
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data["s"] != sort:
            raise BadRequest(f"this cursor belongs to sort={data['s']}; keep the same sort while paging")
        day = dt.date.fromisoformat(data["d"]) if data["d"] else None
        ident = int(data["i"])
        if not 0 <= ident <= models.MAX_ID:
            raise ValueError(ident)
        return day, ident
    except BadRequest:
        raise
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise BadRequest(
            "cursor is not one this API gave out; use the 'next' value of a previous page"
        ) from exc


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def columns_of(model: FactModel) -> list[Any]:
    """Every column of a fact table, to select rows without building ORM objects."""
    return list(model.__table__.columns)  # type: ignore[union-attr]


def shape_facts(session: Session, rows: Sequence[Any], model: FactModel) -> list:
    """Rows of one fact table to public facts."""
    return shape_mixed(session, [(model, r) for r in rows])


def shape_mixed(session: Session, rows: Sequence[tuple[FactModel, Any]]) -> list:
    """Rows of any fact tables to public facts, loading what they point to in two queries."""
    entity_ids: set[int] = set()
    for _model, r in rows:
        for column in ("speaker_id", "source_id", "place_id"):
            if (v := getattr(r, column, None)) is not None:
                entity_ids.add(v)
    entities = _entity_refs(session, entity_ids)
    segments = _segment_kinds(session, {r.segment_id for _model, r in rows})
    return [_fact_public(r, model, entities, segments) for model, r in rows]


def _entity_refs(session: Session, ids: set[int]) -> dict[int, EntityRef]:
    """Id, name and kind of the entities facts point to: three columns, not whole rows."""
    if not ids:
        return {}
    rows = session.exec(
        select(col(models.Entity.id), col(models.Entity.name), col(models.Entity.kind)).where(
            col(models.Entity.id).in_(ids)
        )
    )
    return {i: EntityRef(id=i, name=name, kind=kind) for i, name, kind in rows if i is not None}  # type: ignore[arg-type]


def _segment_kinds(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(col(models.Segment.id), col(models.Segment.kind)).where(col(models.Segment.id).in_(ids))
    )
    return {i: kind for i, kind in rows if i is not None}


def _ref(entities: dict[int, EntityRef], eid: int | None) -> EntityRef | None:
    return entities.get(eid) if eid is not None else None


def _span(row: Any, segments: dict[int, str]) -> Span:
    return Span(
        article_id=row.article_id,
        segment=segments[row.segment_id],  # type: ignore[arg-type]
        start=row.start,
        end=row.end,
        sentence_start=row.sentence_start,
        sentence_end=row.sentence_end,
    )


def _fact_public(row: Any, model: FactModel, entities: dict[int, EntityRef], segments: dict[int, str]) -> Any:
    span = _span(row, segments)
    if model is models.Quote:
        return QuotePublic(
            id=row.id,
            text=row.text,
            speaker=_ref(entities, row.speaker_id),
            speaker_text=row.speaker_text,
            date=row.date,
            day=row.day,
            span=span,
        )
    if model is models.Claim:
        return ClaimPublic(
            id=row.id,
            text=row.text,
            source=_ref(entities, row.source_id),
            source_text=row.source_text,
            verb=row.verb,
            date=row.date,
            day=row.day,
            span=span,
        )
    return FigurePublic(
        id=row.id,
        category=row.category,
        value=row.value,
        value_min=row.value_min,
        value_max=row.value_max,
        qualifier=row.qualifier,
        approximate=row.approximate,
        place=_ref(entities, row.place_id),
        date=row.date,
        day=row.day,
        source=_ref(entities, row.source_id),
        source_text=row.source_text,
        incident=row.incident,
        text=row.text,
        span=span,
    )


# ---------------------------------------------------------------- articles


def get_article(session: Session, article_id: int) -> models.Article:
    row = session.get(models.Article, article_id)
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return row


def list_articles(session: Session, *, limit: int, cursor: str | None) -> tuple[list, int, str | None]:
    count = session.exec(select(func.count()).select_from(models.Article)).one()
    stmt = select(models.Article)
    position = decode_cursor(cursor)
    if position is not None:
        stmt = stmt.where(col(models.Article.id) > position[1])
    return page(list(session.exec(stmt.order_by(col(models.Article.id)).limit(limit + 1))), limit, count)


def article_public(row: models.Article) -> ArticlePublic:
    return ArticlePublic.model_validate(row, from_attributes=True)


def facts_document(session: Session, row: models.Article) -> FactsDocument:
    """The stored facts of one article, in the facts-document shape."""
    f = FactFilter(article=row.id)
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

    def facts(model: FactModel) -> list:
        return shape_facts(session, list(session.exec(fact_query(model, f).order_by(model.start))), model)

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
