"""One entity across articles: keys, stored rows, and the people a surname alone names.

An article's entities (extract.people.entities) become stored rows here. A row is found by its
variant key (extract.people.names), so "Zelenskyy" in one article and "Zelensky" in the next
are one person; a place by its gazetteer id. A person named by surname alone ("Biden
said") is the one stored person with that surname, if there is exactly one; with two
("Joe Biden", "Hunter Biden") it is neither, and stays a person of its own whom a
lookup by that surname returns beside them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, delete, select, update

from . import models
from .extract.people.names import (
    MONONYM_TITLES,
    display_name,
    is_acronym,
    match_key,
    organization_key,
    person_key,
    place_key,
    strip_titles,
    surname_key,
)
from .extract.text.folding import fold
from .statements.grouping import repoint_speaker

if TYPE_CHECKING:  # the read path must not import spaCy
    from .extract.people.entities import Entity

# (table, column) pairs that point at an entity: what a merge re-points
_POINTERS: tuple[tuple[Any, str], ...] = (
    (models.Mention, "entity_id"),
    (models.Quote, "speaker_id"),
    (models.Claim, "source_id"),
    (models.Figure, "source_id"),
    (models.Figure, "place_id"),
)


def entity_key(ent: Entity) -> str:
    """Identity across articles: a place by its gazetteer entry, others by variant key."""
    if ent.place is not None:
        if ent.place.geonameid:
            return f"geonames:{ent.place.geonameid}"
        return f"{place_key(ent.place.name)}|{ent.place.country}"
    key = person_key(ent.name) if ent.kind == "person" else organization_key(ent.name)
    return key or fold(ent.name)


def entity_row(ent: Entity) -> models.Entity:
    """The row an article's entity would be stored as, before any merge with a stored one."""
    key = entity_key(ent)
    place = ent.place
    return models.Entity(
        kind=ent.kind,
        key=key,
        name=ent.name,
        aliases=ent.aliases,
        roles=list(ent.roles),
        surname_key=surname_key(key) if ent.kind == "person" and " " in key else None,
        country=(place.country or None) if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        place_kind=place.kind if place else None,
        geonameid=place.geonameid if place else None,
    )


def upsert_entity(session: Session, ent: Entity) -> int:
    """The id of the stored entity this one is, created or enriched with its forms, aliases and roles."""
    person = _person_named(session, ent) if ent.kind == "organization" else None
    if person is not None:
        return _enrich(session, person, ent)
    new = entity_row(ent)
    if ent.kind == "person" and " " not in new.key and not _titled_alone(ent):
        bearer = _sole_bearer(session, new.key)
        if bearer is not None:
            return _enrich(session, bearer, ent)
    row = session.exec(
        select(models.Entity).where(col(models.Entity.kind) == ent.kind, col(models.Entity.key) == new.key)
    ).first()
    if row is None:
        row = new
        session.add(row)
        session.flush()
    return _enrich(session, row, ent)


def settle_people(session: Session, entity_ids: Iterable[int]) -> None:
    """After an article is written: fold surname-only people into the one person bearing
    the surname, or part them from everyone when a second person with it appears."""
    settle_surnames(session, surnames_of(session, entity_ids))


def surnames_of(session: Session, entity_ids: Iterable[int]) -> set[str]:
    """The surname keys of these entities (the people among them with a full name)."""
    found = session.exec(
        select(col(models.Entity.surname_key)).where(
            col(models.Entity.id).in_(list(entity_ids)),  # type: ignore[attr-defined]
            col(models.Entity.surname_key).is_not(None),  # type: ignore[union-attr]
        )
    )
    return {s for s in found if s}


def settle_surnames(session: Session, surnames: Iterable[str]) -> None:
    """For each surname: its one bearer takes the surname-only person in; two part from it."""
    for surname in sorted(surnames):
        bearers = list(
            session.exec(
                select(models.Entity)
                .where(col(models.Entity.kind) == "person", col(models.Entity.surname_key) == surname)
                .order_by(col(models.Entity.id))
            )
        )
        lone = _lone(session, surname)
        if len(bearers) == 1 and lone is not None and not _titled_row(lone):
            _absorb(session, lone, into=bearers[0])
        elif len(bearers) >= 2:
            for bearer in bearers:
                _part_lone_articles(session, bearer, surname)
    session.flush()


# ---------------------------------------------------------------- rows


def _enrich(session: Session, row: models.Entity, ent: Entity) -> int:
    """Add one article's forms, aliases and roles to a stored entity; rename it by the forms."""
    forms = Counter(row.forms)
    # counted once per article: one desk repeating its spelling is still one vote
    forms.update({m.text for m in ent.mentions})
    _set_forms(row, dict(forms), extra=[ent.name, *ent.aliases])
    row.roles = [*row.roles, *(r for r in dict.fromkeys(ent.roles) if r not in row.roles)]
    session.add(row)
    session.flush()
    _index_names(session, row)
    assert row.id is not None
    return row.id


def _set_forms(row: models.Entity, forms: dict[str, int], extra: Iterable[str] = ()) -> None:
    """Store the forms; the most used becomes the name, every other form an alias."""
    everything = [row.name, *row.aliases, *extra, *forms]
    row.forms = {f: n for f, n in forms.items() if n > 0}
    row.name = display_name(row.kind, row.forms, row.name)
    row.aliases = [a for a in dict.fromkeys(everything) if a and fold(a) != fold(row.name)]


def _index_names(session: Session, row: models.Entity) -> None:
    """Every folded name of the entity, with its variant key, in the lookup table."""
    assert row.id is not None
    known = set(
        session.exec(select(col(models.EntityName.folded)).where(col(models.EntityName.entity_id) == row.id))
    )
    for form in dict.fromkeys([row.name, *row.aliases]):
        folded = fold(form)
        if folded and folded not in known:
            known.add(folded)
            session.add(
                models.EntityName(entity_id=row.id, folded=folded, match_key=match_key(row.kind, form))
            )
    session.flush()


def _person_named(session: Session, ent: Entity) -> models.Entity | None:
    """The stored person whose full name an "organisation" has: the model tags an unfamiliar
    name opening a sentence ("Volodymyr Zelenskyy said ...") as one."""
    bare = strip_titles(ent.name)[0]
    if len(bare.split()) < 2 or is_acronym(bare) or any(m.text.isupper() for m in ent.mentions):
        return None
    return session.exec(
        select(models.Entity).where(
            col(models.Entity.kind) == "person", col(models.Entity.key) == person_key(bare)
        )
    ).first()


def _sole_bearer(session: Session, surname: str) -> models.Entity | None:
    bearers = list(
        session.exec(
            select(models.Entity)
            .where(col(models.Entity.kind) == "person", col(models.Entity.surname_key) == surname)
            .limit(2)
        )
    )
    return bearers[0] if len(bearers) == 1 else None


def _lone(session: Session, surname: str) -> models.Entity | None:
    return session.exec(
        select(models.Entity).where(col(models.Entity.kind) == "person", col(models.Entity.key) == surname)
    ).first()


def _titled_alone(ent: Entity) -> bool:
    """'Pope Francis', 'King Charles': a whole name, not the surname of someone else."""
    return any(fold(w) in MONONYM_TITLES for r in ent.roles for w in r.split())


def _titled_row(row: models.Entity) -> bool:
    return any(fold(w) in MONONYM_TITLES for r in row.roles for w in r.split())


# ---------------------------------------------------------------- merging and parting


def _repoint(session: Session, old: int, new: int, articles: set[int] | None = None) -> None:
    """Point every fact and mention of entity `old` (in these articles, or all) at `new`."""
    for table, column in _POINTERS:
        field = getattr(table, column)
        stmt = update(table).where(field == old).values({column: new})  # type: ignore[arg-type]
        if articles is not None:
            stmt = stmt.where(col(table.article_id).in_(articles))
        session.exec(stmt)  # type: ignore[call-overload]
    if articles is None:  # the whole person merged: their statements too
        repoint_speaker(session.connection(), old, new)


def _absorb(session: Session, lone: models.Entity, *, into: models.Entity) -> None:
    """Merge a surname-only person into the one person bearing that surname."""
    assert lone.id is not None and into.id is not None
    _repoint(session, lone.id, into.id)
    forms = Counter(into.forms)
    forms.update(lone.forms)
    _set_forms(into, dict(forms), extra=[lone.name, *lone.aliases])
    into.roles = [*into.roles, *(r for r in lone.roles if r not in into.roles)]
    session.add(into)
    session.exec(delete(models.EntityName).where(col(models.EntityName.entity_id) == lone.id))  # type: ignore[call-overload]
    session.delete(lone)
    session.flush()
    _index_names(session, into)


def _part_lone_articles(session: Session, bearer: models.Entity, surname: str) -> None:
    """Give the articles that name `bearer` by surname alone to the surname-only person.

    Such an article never said which of the people with that surname it meant.
    """
    assert bearer.id is not None
    by_article: dict[int, list[str]] = defaultdict(list)
    for article_id, text in session.exec(
        select(col(models.Mention.article_id), col(models.Mention.text)).where(
            col(models.Mention.entity_id) == bearer.id
        )
    ):
        by_article[article_id].append(text)
    alone = {a for a, texts in by_article.items() if all(len(strip_titles(t)[0].split()) == 1 for t in texts)}
    if not alone:
        return
    moved = Counter(t for a in alone for t in set(by_article[a]))
    lone = _lone(session, surname)
    if lone is None:
        lone = models.Entity(kind="person", key=surname, name=moved.most_common(1)[0][0])
        session.add(lone)
        session.flush()
    assert lone.id is not None
    _repoint(session, bearer.id, lone.id, alone)
    _set_forms(lone, dict(Counter(lone.forms) + moved))
    kept = Counter(bearer.forms)
    kept.subtract(moved)
    _set_forms(bearer, dict(kept))
    session.add_all([lone, bearer])
    session.flush()
    _index_names(session, lone)


def forget_article(session: Session, article_id: int) -> None:
    """Take an article's mentions out of its entities' form counts, before its facts go."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for entity_id, text in set(
        session.exec(
            select(col(models.Mention.entity_id), col(models.Mention.text)).where(
                col(models.Mention.article_id) == article_id
            )
        )
    ):
        counts[entity_id][text] += 1
    for entity_id, gone in counts.items():
        row = session.get(models.Entity, entity_id)
        if row is not None:
            kept = Counter(row.forms)
            kept.subtract(gone)
            _set_forms(row, dict(kept))
            session.add(row)
    session.flush()
