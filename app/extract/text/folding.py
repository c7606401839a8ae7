"""Name folding: the forgiving comparison that lookups and merges share."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def fold(name: str) -> str:
    """Fold a name for comparison: accents, case, punctuation, a leading 'the', a trailing 's."""
    s = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES)
    s = unidecode(s).casefold()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s-]", " ", s).replace("-", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with adjacent transpositions counted once (Palviuk/Pavliuk)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            val = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                val = min(val, prev2[j - 2] + 1)
            cur.append(val)
        prev2, prev = prev, cur
    return prev[-1]


def near_spelling(a: str, b: str) -> bool:
    """Two spellings of one surname: same first letter, long enough, one slip apart."""
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5 or a[0] != b[0]:
        return False
    return edit_distance(a, b) <= 1
