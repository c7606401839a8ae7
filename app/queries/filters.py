"""The filters of the fact lists as data: one spec per query parameter, and its SQL.

Each `FilterSpec` holds what a client sends (name, alias, type, constraints, the text
of the OpenAPI document), how the value resolves (a name to entity ids, a country to
the places in it) and its WHERE condition on each fact table. The routes' parameters
(`filter_dependency`), the values bound (`FactFilter.params`) and the conditions all
come from `FILTERS`: a new filter is one entry there.

Conditions hold bind parameters, not values: a statement built for one *shape* of
filter (a person and a day, say) serves every request of that shape, so the hot lists
build and key their SQL once instead of on every request (see `facts.py`).
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import itertools
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import AfterValidator, BeforeValidator, Field
from sqlalchemy import and_, bindparam, false, func, or_, select
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session, SQLModel

from .. import models
from ..db import dialect_of
from ..errors import BadRequest
from ..extract.types import Category
from .entities import places_within, resolve_entity
from .incident_keys import running_toll, undated_key
from .ranges import shown_value
from .search import SEARCHABLE, Search, search_param, searchable, text_matches, with_spellings

FactModel = type[models.Quote] | type[models.Claim] | type[models.Figure]

ARTICLE = models.Article.__table__  # type: ignore[attr-defined]
FACT_TABLES: dict[str, FactModel] = {"quote": models.Quote, "claim": models.Claim, "figure": models.Figure}
KIND_OF: dict[FactModel, str] = {model: kind for kind, model in FACT_TABLES.items()}
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def table_of(model: type[SQLModel]) -> Any:
    """The Core table of a model: statements on it skip the ORM's per-statement work."""
    return model.__table__  # type: ignore[attr-defined]


def _iso_day(value: object) -> object:
    # pydantic also reads 0 (a Unix time), 20220304 and 2022-W10-1 as dates; a filter that
    # silently means 1970-01-01 is worse than a 422 saying what to send
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
ISO_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def _iso_moment(value: object) -> object:
    # ISO 8601 only, as `_iso_day`: pydantic also reads 0 as a Unix time
    if isinstance(value, str) and not ISO_MOMENT.fullmatch(value):
        raise ValueError("must be an ISO 8601 time, e.g. 2026-12-07T22:30:00Z (UTC when no offset)")
    return value


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.utcoffset() is None else value.astimezone(dt.UTC)


# a moment, UTC unless it says otherwise: what `since` compares an article's `created_at` with
Moment = Annotated[dt.datetime, BeforeValidator(_iso_moment), AfterValidator(_utc)]
# Most values a multi-value parameter takes: a filter panel's checkboxes, not a bulk lookup
MAX_VALUES = 50


def split_values(value: object) -> object:
    # `?category=killed,displaced` and `?category=killed&category=displaced` say the same: every
    # repeat is split at its commas, each value kept once. An empty part stays: `killed,` is a 422
    if isinstance(value, list):
        parts = [p.strip() for item in value for p in (item.split(",") if isinstance(item, str) else [item])]
        # more than MAX_VALUES as sent is a 422, as the document's maxItems says, repeats or not
        return list(dict.fromkeys(parts)) if len(parts) <= MAX_VALUES else parts
    return value


def several(item: Any, query: Any) -> Any:
    """The annotation of a parameter taking several values, repeated or as a comma list: an
    array of `item` in the OpenAPI document (a generated client sends it repeated)."""
    items = Annotated[list[item], Field(min_length=1, max_length=MAX_VALUES)]  # type: ignore[valid-type]
    return Annotated[items | None, BeforeValidator(split_values), query]


# The condition of a filter on one fact table: (table, the bound value, dialect) -> WHERE clause
Condition = Callable[[FactModel, BindParameter[Any], str], Any]


@dataclass(frozen=True)
class FilterSpec:
    """One filter: its query parameter, how its value resolves, and its SQL condition."""

    name: str  # the parameter's name in Python and the name its condition binds
    type: Any  # what the value parses to (None is always allowed: the filter is off)
    query: Any  # `Query(...)`: the alias a client sends, the constraints, the OpenAPI description
    where: Condition
    kinds: frozenset[str] = frozenset(FACT_TABLES)  # the fact tables it can match; elsewhere nothing
    figures_only: bool = False  # only the figure routes take it
    resolve: Callable[[Session, Any], Any] | None = None  # a name to the ids it stands for
    check: Callable[[Any], Any] | None = None  # a 400 for a value the type lets through
    bind: Callable[[Any, str], Any] | None = None  # (value, dialect) -> what is bound; None: not applied
    many: bool = False  # the value is a tuple of ids, bound as an IN list
    # the parameter takes several values (OR): repeated or as a comma list; `type` is one value's
    multi: bool = False
    # its name before the API's vocabulary (README, "Vocabulary"): still taken, marked deprecated
    renamed_from: str | None = None

    def deprecated_annotation(self) -> Any:
        """The old name's parameter: the same values, `deprecated` in the document."""
        old = Query(alias=self.renamed_from, deprecated=True, description=f"Deprecated: `{self.name}`")
        return several(self.type, old) if self.multi else Annotated[self.type | None, old]

    def annotation(self) -> Any:
        """The parameter's type as the route declares it (None: the filter is off)."""
        if self.multi:
            return several(self.type, self.query)
        return Annotated[self.type | None, self.query]

    def resolved(self, session: Session, value: Any) -> Any:
        """The value with names resolved to ids: for several names, every id any of them stands for."""
        if self.resolve is None:
            return value
        if not self.multi:
            return self.resolve(session, value)
        return tuple(sorted({ident for one in value for ident in self.resolve(session, one)}))

    def condition(self, model: FactModel, dialect: str) -> Any:
        """The WHERE clause on one fact table; a filter that cannot apply there matches nothing,
        so the combined stream (`/v1/facts`) stays consistent with the single lists."""
        arms = self.arms(model, dialect)
        return or_(*arms) if len(arms) > 1 else arms[0]

    def arms(self, model: FactModel, dialect: str) -> tuple[Any, ...]:
        """The condition as disjoint alternatives, whose counts add up to its count (most have one)."""
        if KIND_OF[model] not in self.kinds:
            return (false(),)
        found = self.where(model, bindparam(self.name, expanding=self.many), dialect)
        return found if isinstance(found, tuple) else (found,)


def person_column(model: FactModel) -> Any:
    """The column a person or organization filter matches: the speaker, else the source."""
    t = table_of(model)
    return t.c.speaker_id if model is models.Quote else t.c.source_id


def in_sentence(t: Any) -> Any:
    """A mention inside the sentence of a fact of table t: what a quote or claim is about."""
    mention = table_of(models.Mention)
    return and_(
        mention.c.article_id == t.c.article_id,
        mention.c.start >= t.c.sentence_start,
        mention.c.end <= t.c.sentence_end,
    )


def _naming_place(model: FactModel, places: Any, _dialect: str) -> Any:
    """A quote or claim is about the places its sentence names; a figure has its own place,
    else (none given) those of its sentence.

    The facts that name a place are found from the place's mentions (an index on
    entity_id, then one on article_id), never by probing every fact for a mention: at
    10,000 articles that probe read every figure in the database.
    """
    t = table_of(model)
    mention = table_of(models.Mention)
    fact = t.alias(f"{t.name}_naming")
    naming = select(fact.c.id).join(mention, in_sentence(fact)).where(mention.c.entity_id.in_(places))
    if model is models.Figure:
        # two arms, never both true (the second wants no place of its own): counted apart,
        # each is an index range, where PostgreSQL reads the whole table for their OR
        return t.c.place_id.in_(places), t.c.id.in_(naming.where(fact.c.place_id.is_(None)))
    return t.c.id.in_(naming)


def _in_segment(model: FactModel, kind: Any, _dialect: str) -> Any:
    segment = table_of(models.Segment)
    return table_of(model).c.segment_id.in_(select(segment.c.id).where(segment.c.kind.in_(kind)))


def _in_group(model: FactModel, key: Any, _dialect: str) -> Any:
    """The reports of one group: its incident's, or (`killed|#12|`) a place's undated running
    toll. Two arms, never both true: the first an index range on `incident`."""
    t = table_of(model)
    return t.c.incident == key, and_(running_toll(t), undated_key(t) == key)


def _column(name: str, compare: Callable[[Any, Any], Any]) -> Condition:
    """A condition comparing one column of the fact table with the value."""
    return lambda model, value, _dialect: compare(table_of(model).c[name], value)


def _named(kind: str, description: str) -> FilterSpec:
    """A filter by a person or organization: the speaker of a quote, the source of a claim or figure."""
    return FilterSpec(
        kind,
        Annotated[str, Field(max_length=200)],
        Query(description=f"{description}; several (repeated or comma-separated) match any"),
        where=lambda model, ids, _dialect: person_column(model).in_(ids),
        resolve=lambda session, ref: resolve_entity(session, kind, ref, parameter=kind),
        many=True,
        multi=True,
    )


FIGURES = frozenset({"figure"})
FILTERS: tuple[FilterSpec, ...] = (
    _named("person", "Person id or name (any alias, case- and accent-insensitive)"),
    FilterSpec(
        "place",
        Annotated[str, Field(max_length=200)],
        Query(description="Place id or name, e.g. `Mykolaiv` or `mykolayiv`; several match any"),
        where=_naming_place,
        resolve=lambda session, ref: places_within(session, resolve_entity(session, "place", ref, "place")),
        many=True,
        multi=True,
    ),
    FilterSpec(
        "day",
        Day,
        Query(description="Facts of this day (YYYY-MM-DD), a fact's `day`; several days match any"),
        where=_column("day", lambda day, days: day.in_(days)),
        many=True,
        multi=True,
        renamed_from="date",
    ),
    FilterSpec(
        "since",
        Day,
        Query(alias="from", description="Facts on or after this day (YYYY-MM-DD)"),
        where=_column("day", lambda day, value: day >= value),
    ),
    FilterSpec(
        "until",
        Day,
        Query(alias="to", description="Facts on or before this day (YYYY-MM-DD)"),
        where=_column("day", lambda day, value: day <= value),
    ),
    FilterSpec(
        "stored_since",
        Moment,
        Query(
            alias="since",
            description="Facts of articles stored after this time (ISO 8601; an article's `created_at`): "
            "what was ingested since a client's last sync",
        ),
        where=lambda model, since, _dialect: table_of(model).c.article_id.in_(
            select(ARTICLE.c.id).where(ARTICLE.c.created_at > since)
        ),
    ),
    FilterSpec(
        "article",
        Annotated[int, Field(ge=1, le=models.MAX_ID)],
        Query(description="Only facts of this article id; several ids match any"),
        where=_column("article_id", lambda article, ids: article.in_(ids)),
        many=True,
        multi=True,
    ),
    _named("organization", "Organization id or name: the speaker or source"),
    FilterSpec(
        "statement",
        Annotated[int, Field(ge=1, le=models.MAX_ID)],
        Query(description="Quotes reporting this statement id (`/v1/statements`); several ids match any"),
        where=_column("statement_id", lambda statement, ids: statement.in_(ids)),
        kinds=frozenset({"quote"}),
        many=True,
        multi=True,
    ),
    FilterSpec(
        "segment",
        Literal["body", "caption"],
        Query(description="Only facts read from body text or captions (or both: `body,caption`)"),
        where=_in_segment,
        many=True,
        multi=True,
    ),
    FilterSpec(
        "q",
        str,
        Query(
            max_length=500,
            description="Full-text search over quote and claim text: every word must match the start of a "
            "word, without case or accents, written closed, hyphenated or open (`ceasefire`, `cease-fire`, "
            "`cease fire`), or as another spelling of a stored name (`kiev` finds Kyiv)",
            json_schema_extra={"pattern": SEARCHABLE},
        ),
        where=lambda model, q, dialect: text_matches(model, q, dialect),  # type: ignore[arg-type]
        kinds=frozenset({"quote", "claim"}),
        check=searchable,
        resolve=with_spellings,
        bind=search_param,
    ),
    FilterSpec(
        "category",
        # the values as a Literal, not the enum: the parameter's schema and its 422s stay as they were
        Literal.__getitem__(tuple(c.value for c in Category)),
        Query(description="killed, injured, missing, ...; several match any (`killed,injured`)"),
        where=_column("category", lambda category, values: category.in_(values)),
        kinds=FIGURES,
        figures_only=True,
        many=True,
        multi=True,
    ),
    FilterSpec(
        "incident",
        str,
        Query(
            max_length=120,
            description="Figures of this incident (`killed|mykolaiv|2022-03-29`), or of a place's undated "
            "running toll (`killed|#12|`): every report of a group of `/v1/figures/groups`",
        ),
        where=_in_group,
        kinds=FIGURES,
        figures_only=True,
    ),
    FilterSpec(
        "min_value",
        int,
        Query(
            ge=0,
            le=models.MAX_ID,
            description="Figures whose `value` (the number the map adds up: the exact count, else the "
            'lower bound) is at least this: `500` finds "thousands" (1000), not "15 to 20"',
        ),
        where=lambda model, least, _dialect: shown_value(table_of(model)) >= least,
        kinds=FIGURES,
        figures_only=True,
    ),
    FilterSpec(
        "max_value",
        int,
        Query(
            ge=0,
            le=models.MAX_ID,
            description="Figures whose `value` (as `min_value` reads it) is at most this",
        ),
        where=lambda model, most, _dialect: shown_value(table_of(model)) <= most,
        kinds=FIGURES,
        figures_only=True,
    ),
)
SPECS: dict[str, FilterSpec] = {spec.name: spec for spec in FILTERS}
# the old name of each renamed parameter -> its name now (a cursor binds them as one)
RENAMED: dict[str, str] = {spec.renamed_from: spec.name for spec in FILTERS if spec.renamed_from}
DEPRECATED = "_deprecated"  # the suffix of an old name's parameter in a route's signature
Sort = Literal["id", "-id", "day", "-day"]


@dataclass(frozen=True)
class FactFilter:
    """The filters of one request, resolved: each set filter's value by name (entity filters
    hold the ids a name resolved to), and the order."""

    values: Mapping[str, Any] = field(default_factory=dict)
    sort: str = "id"

    @property
    def q(self) -> Search | None:
        """The full-text search, if any: what the lists highlight."""
        return self.values.get("q")

    def params(self, dialect: str) -> dict[str, Any]:
        """The values of the filters that are set, by the names their conditions bind."""
        out: dict[str, Any] = {}
        for spec in FILTERS:
            value = self.values.get(spec.name)
            if value is None:
                continue
            if spec.bind is not None and (value := spec.bind(value, dialect)) is None:
                continue  # e.g. a search with no words: the filter is not applied
            # an IN list; one value set in code (a timeline's own day) is a list of one
            out[spec.name] = list(value) if isinstance(value, tuple) else [value] if spec.many else value
        return out


def conditions(model: FactModel, shape: tuple[str, ...], dialect: str) -> list[Any]:
    """The WHERE conditions for a shape of filter (the names of those set) on any fact table."""
    return [SPECS[name].condition(model, dialect) for name in shape]


def count_statement(model: FactModel, shape: tuple[str, ...], dialect: str) -> Any:
    """SELECT the number of facts of one table under a shape of filter.

    A filter of disjoint arms (a figure's own place, or its sentence's) is counted arm by
    arm and the counts added: each arm reads one index, where their OR made PostgreSQL
    scan every figure (63-141 ms for a place with 78,702 of a million facts, bench/README).
    """
    t = table_of(model)
    choices = [SPECS[name].arms(model, dialect) for name in shape]
    counts = [select(func.count()).select_from(t).where(*where) for where in itertools.product(*choices)]
    if len(counts) == 1:
        return counts[0]
    return select(functools.reduce(operator.add, (c.scalar_subquery() for c in counts)))


@dataclass(frozen=True)
class FilterQuery:
    """The fact filters as asked: names not yet resolved to ids."""

    values: Mapping[str, Any]
    sort: str

    def resolve(self, session: Session) -> FactFilter:
        """The filter with names resolved to entity ids (404 with suggestions for an unknown one)."""
        resolved = {}
        for spec in FILTERS:
            value = self.values.get(spec.name)
            if value is not None:
                resolved[spec.name] = spec.resolved(session, value)
        return FactFilter(resolved, self.sort)


def filter_dependency(
    *, figures: bool, only: frozenset[str] | None = None, sortable: bool = True
) -> Callable[..., Any]:
    """The route dependency reading the filters a fact route takes (`figures`: the figure
    routes, which take the figure-only ones too; `only`: just these; `sortable`: with `sort`)
    from the query string.

    Built from `FILTERS`: its signature, which FastAPI reads for the parameters and the
    OpenAPI document, is generated. It is `async` on purpose: it only validates the query
    string, and a sync dependency costs a trip to the thread pool.
    """
    specs = [
        spec for spec in FILTERS if (figures or not spec.figures_only) and (only is None or spec.name in only)
    ]

    async def fact_filter(**given: Any) -> FilterQuery:
        sort = given.pop("sort", "id")
        if given.get("since") and given.get("until") and given["since"] > given["until"]:
            raise BadRequest(f"'from' ({given['since']}) is after 'to' ({given['until']})")
        least, most = given.get("min_value"), given.get("max_value")
        if least is not None and most is not None and least > most:
            raise BadRequest(f"'min_value' ({least}) is above 'max_value' ({most})", parameter="max_value")
        values = {spec.name: _value(spec, _merged(spec, given)) for spec in specs}
        return FilterQuery(values, sort)

    parameters = [
        inspect.Parameter(
            spec.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=spec.annotation(),
        )
        for spec in specs
    ]
    parameters += [
        inspect.Parameter(
            spec.name + DEPRECATED,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=spec.deprecated_annotation(),
        )
        for spec in specs
        if spec.renamed_from
    ]
    order = Query(description="Order: by id (ingest order) or by day; '-' reverses")
    if sortable:
        parameters.append(
            inspect.Parameter(
                "sort", inspect.Parameter.KEYWORD_ONLY, default="id", annotation=Annotated[Sort, order]
            )
        )
    fact_filter.__signature__ = inspect.Signature(parameters, return_annotation=FilterQuery)  # type: ignore[attr-defined]
    return fact_filter


def _merged(spec: FilterSpec, given: dict[str, Any]) -> Any:
    """A parameter's value under its name and its old one (README, "Vocabulary"): the old name
    alone means what the new one does; both, for a parameter of several values, their union."""
    value, old = given[spec.name], given.pop(spec.name + DEPRECATED, None)
    if old is None:
        return value
    if value is None:
        return old
    if spec.multi:
        return list(dict.fromkeys([*value, *old]))
    raise BadRequest(
        f"{spec.renamed_from} is the old name of {spec.name}: send one", parameter=spec.renamed_from
    )


def _value(spec: FilterSpec, given: Any) -> Any:
    """A parameter's value as a filter holds it: several values as a tuple, each once, in order."""
    if given is None:
        return None
    if spec.multi:
        return tuple(given)
    return spec.check(given) if spec.check else given


def fact_counts_by(
    session: Session, f: FactFilter, ids: list[int], column_of: Callable[[FactModel], Any]
) -> dict[int, dict[str, int]]:
    """Per id, the quotes, claims and figures the filters keep whose `column_of(model)` is that id:
    one grouped count a table, for a page of articles (article_id) or speakers (speaker or source)."""
    counts = {i: {"quotes": 0, "claims": 0, "figures": 0} for i in ids}
    if not ids:
        return counts
    dialect = dialect_of(session)
    params = f.params(dialect)
    for kind, model in FACT_TABLES.items():
        column = column_of(model)
        stmt = (
            select(column, func.count())
            .where(column.in_(ids), *conditions(model, tuple(params), dialect))
            .group_by(column)
        )
        for ident, n in session.execute(stmt, params):
            counts[ident][kind + "s"] = n
    return counts
