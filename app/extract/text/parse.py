"""Walks over a dependency parse that end by construction.

spaCy makes a new Token object on every access, so `token.head is token` is never
true, not even at the root: a climb that tests identity loops for ever on a sentence
whose root is not what it looks for (a verbless headline, a table row). Walks here
compare token indexes and stop after a bound deeper than any news sentence's parse.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

MAX_DEPTH = 48  # well past the deepest parse of a long news sentence


def is_root(token: Token) -> bool:
    """The token heads itself: the root of its sentence."""
    return token.head.i == token.i


def climb(token: Token, until: Callable[[Token], bool], limit: int = MAX_DEPTH) -> Token:
    """Go up from `token` to the first token (itself included) where `until` holds, else the root."""
    for _ in range(limit):
        if until(token) or is_root(token):
            return token
        token = token.head
    return token
