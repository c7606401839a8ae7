"""A synthetic corpus for benchmarks: real sentences recombined, said to be synthetic.

Paragraphs come from the seed articles and the test stories; each synthetic article
takes a random run of them, a random publication day, and names swapped from small
lists, so entities, places and days spread the way a real archive's do. The output is
seed-format files `NNNNN.txt`; nothing here is real reporting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT / "tests" / "data"]
PEOPLE = [
    ("Jens Stoltenberg", "Anna Berg"),
    ("Volodymyr Zelenskyy", "Petro Marchenko"),
    ("Dmitry Peskov", "Oleg Sidorov"),
    ("Maria Kovalenko", "Iryna Bondar"),
]
PLACES = [
    "Mariupol",
    "Kharkiv",
    "Odesa",
    "Kherson",
    "Sumy",
    "Dnipro",
    "Poltava",
    "Mykolaiv",
    "Chernihiv",
    "Lviv",
]


def paragraphs() -> list[str]:
    out: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            body = re.sub(r"\A\s*date\s+\d{4}-\d{2}-\d{2}\s*", "", path.read_text(encoding="utf-8"))
            out.extend(
                p.strip() for p in re.split(r"\n\s*\n", body) if len(p.strip()) > 80 and "___" not in p
            )
    return out


def build(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write n synthetic articles into folder; return their paths."""
    rng = random.Random(seed)
    pool = paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2022, 1, 1)
    paths = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(0, 730))
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(6, 14)))
        text = "\n\n".join(chosen)
        for original, other in PEOPLE:
            if rng.random() < 0.5:
                text = text.replace(original, other).replace(original.split()[-1], other.split()[-1])
        text = text.replace("Mariupol", rng.choice(PLACES))
        path = folder / f"{i:05d}.txt"
        path.write_text(f" date {day.isoformat()} {text}\n", encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args()
    print(len(build(args.folder, args.n)), "articles written to", args.folder)
