"""The state a local story is in, so its towns are that state's: Lebanon in a Pennsylvania
story is Lebanon, Pa., not the bigger Lebanon in Tennessee nor the country."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..types import Place


def article_state(places: Iterable[Place], country: str | None) -> str | None:
    """The one state (admin1 code) the article's mentions of states of its country point to most.

    A tie ("from Ohio to Indiana") names no state: each town is then the country's biggest.
    """
    votes = Counter(p.admin1 for p in places if p.kind == "region" and p.admin1 and p.country == country)
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
