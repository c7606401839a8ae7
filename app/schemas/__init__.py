"""What the API returns, by resource. Field names follow the facts document in shared/eval/README.md.

Imported from here (`from app.schemas import Quote`): the modules are how the
file is cut, not part of the names.
"""

from .articles import Article, ArticleCreated, ArticleDetail, ArticleSummary, FactCounts, Segment
from .common import EntityRef, FacetValue, FactEntity, Id, Page, Problem, Span, ValidationIssue, unexpanded
from .entities import (
    Organization,
    Person,
    Place,
    PlaceFeature,
    PlaceFeatureCollection,
    PlaceProperties,
    Point,
)
from .facts import (
    Claim,
    DateMention,
    Fact,
    FactsDocument,
    Figure,
    IncidentGroup,
    Quote,
    Timeline,
    TimelineDay,
)
from .statements import Occurrence, Statement

__all__ = [
    "Article",
    "ArticleCreated",
    "ArticleDetail",
    "ArticleSummary",
    "Claim",
    "DateMention",
    "EntityRef",
    "FacetValue",
    "Fact",
    "FactCounts",
    "FactEntity",
    "FactsDocument",
    "Figure",
    "Id",
    "IncidentGroup",
    "Occurrence",
    "Organization",
    "Page",
    "Person",
    "Place",
    "PlaceFeature",
    "PlaceFeatureCollection",
    "PlaceProperties",
    "Point",
    "Problem",
    "Quote",
    "Segment",
    "Span",
    "Statement",
    "Timeline",
    "TimelineDay",
    "ValidationIssue",
    "unexpanded",
]

# The names before the API's vocabulary (README, "Vocabulary"): schemas are named for their
# resource. Kept one version for code written against the old names; the document never shows them.
# (one assignment each: a type alias to mypy, usable in annotations)
QuotePublic = Quote
ClaimPublic = Claim
FigurePublic = Figure
PersonPublic = Person
PlacePublic = Place
OrganizationPublic = Organization
ArticlePublic = Article
SegmentPublic = Segment
DatePublic = DateMention
