"""What the API returns, by resource. Field names follow the facts document in shared/eval/README.md.

Imported from here (`from app.schemas import QuotePublic`): the modules are how the
file is cut, not part of the names.
"""

from .articles import ArticleCreated, ArticleDetail, ArticlePublic, ArticleSummary, FactCounts, SegmentPublic
from .common import EntityRef, FacetValue, FactEntity, Id, Page, Problem, Span, ValidationIssue, unexpanded
from .entities import (
    OrganizationPublic,
    PersonPublic,
    PlaceFeature,
    PlaceFeatureCollection,
    PlaceProperties,
    PlacePublic,
    Point,
)
from .facts import (
    ClaimPublic,
    DatePublic,
    Fact,
    FactsDocument,
    FigurePublic,
    IncidentGroup,
    QuotePublic,
    Timeline,
    TimelineDay,
)

__all__ = [
    "ArticleCreated",
    "ArticleDetail",
    "ArticlePublic",
    "ArticleSummary",
    "ClaimPublic",
    "DatePublic",
    "EntityRef",
    "FacetValue",
    "Fact",
    "FactCounts",
    "FactEntity",
    "FactsDocument",
    "FigurePublic",
    "Id",
    "IncidentGroup",
    "OrganizationPublic",
    "Page",
    "PersonPublic",
    "PlaceFeature",
    "PlaceFeatureCollection",
    "PlaceProperties",
    "PlacePublic",
    "Point",
    "Problem",
    "QuotePublic",
    "SegmentPublic",
    "Span",
    "Timeline",
    "TimelineDay",
    "ValidationIssue",
    "unexpanded",
]
