"""A quote's words as grouping compares them, the keys that find its statement, and the rule
that says two quotes report one statement.

Outlets quote the same words differently: curly or straight marks, a capital after a cut,
"..." or "[...]" where they left words out, an editor's "[the police]" for "they", a
sentence cut short. None of that changes what was said, so the comparison is over
lower-cased words alone; what remains is how many words differ.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from difflib import SequenceMatcher

# an apostrophe inside a word is dropped, not a break: "isn't" and "isn’t" are one word
APOSTROPHES = re.compile(r"[’'ʼ`´]")
WORD = re.compile(r"[^\W_]+")
# Runs of three words: short enough that a 6-word quote with one word changed still shares
# one with the original (a change breaks at most three runs), long enough that a speaker's
# runs are rarely shared by two of their statements.
SHINGLE = 3
# A cut quote shorter than this is a phrase ("a very difficult time"), not evidence that
# it is the same statement; an exact repeat of any length is.
MIN_CONTAINED = 5
# One changed word per this many words of the shorter quote, measured on the statements
# test (tests/statements/README.md): the same statement reworded differed there by up to
# 0.17 of its words, two statements of one speaker sharing a frame by 0.22 and more; one
# in five sits between them.
WORDS_PER_CHANGE = 5
# With no speaker to tell them apart, the same words join only when there are enough of
# them: "null and void" or "fake news" is said by many, a sentence rarely.
MIN_UNATTRIBUTED = 4
KEY_CHARS = 16  # hex digits of a key's hash: 64 bits, never compared without the text


def words(text: str) -> tuple[str, ...]:
    """The words of a quote, lower-cased, with quote marks, punctuation and ellipses gone."""
    folded = APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())
    return tuple(WORD.findall(folded))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=KEY_CHARS // 2).hexdigest()


def exact_key(quote: tuple[str, ...]) -> str:
    """The key of a quote's whole normalised text: the same words in the same order."""
    return "=" + _hash(" ".join(quote))[1:]


def shingle_keys(quote: tuple[str, ...]) -> set[str]:
    """The keys of a quote's runs of SHINGLE words (the whole quote when it is shorter)."""
    if len(quote) <= SHINGLE:
        return {_hash(" ".join(quote))}
    return {_hash(" ".join(quote[i : i + SHINGLE])) for i in range(len(quote) - SHINGLE + 1)}


def difference(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many words the shorter quote has that the longer lacks or changed, or the longer
    adds inside the stretch they share; words the longer has before or after it do not count
    (a cut quote differs by none)."""
    short, long = sorted((a, b), key=len)
    blocks = [m for m in SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks() if m.size]
    if not blocks:
        return len(short)
    matched = sum(m.size for m in blocks)
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    # a changed word is missing from one side and added to the other: one difference, not two
    return max(len(short) - matched, stretch - matched)


def same_statement(a: tuple[str, ...], b: tuple[str, ...], *, speaker: bool) -> bool:
    """Whether two quotes report one statement: the same words, one cut from the other, or a
    few words changed. With no speaker to go by, only the same words."""
    if a == b:
        return len(a) >= (1 if speaker else MIN_UNATTRIBUTED)
    if not speaker:
        return False
    shorter = min(len(a), len(b))
    if shorter < MIN_CONTAINED:
        return False
    return difference(a, b) <= shorter // WORDS_PER_CHANGE
