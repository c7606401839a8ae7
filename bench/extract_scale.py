"""Extraction time per KB as one article grows, against bare `nlp.pipe` over the same text.

    python -m bench.extract_scale [--sizes 10,100,300,900]

One synthetic article per size, built from news paragraphs (`bench.corpus`) with names,
places and numbers varied, so entities, dates and figures grow with the text as in a
long real report. Both sides run in this process with the model loaded beforehand:
ours is `extract_article` (parse and every extractor), the peer is `nlp.pipe` alone
over the same masked text. Flat seconds per KB from the smallest size to the largest
means extraction is linear in the text; the ratio says what our rules add to the parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time

from app.config import get_settings
from app.extract.pipeline import extract_article, masked_text
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import Article, build_article
from app.extract.text.nlp import load_nlp

from . import corpus

SURNAMES = ["Marchenko", "Bondar", "Sidorov", "Kovalenko", "Berg", "Novak", "Horvat", "Lind", "Okafor"]
GIVEN = ["Anna", "Petro", "Oleg", "Iryna", "Maria", "Jonas", "Lucia", "Samuel", "Amara"]


def long_article(kb: int, seed: int = 11) -> Article:
    """A body-only article of about `kb` KB: news paragraphs, names and numbers varied."""
    rng = random.Random(seed)
    pool = corpus.paragraphs()
    paragraphs: list[str] = []
    size = 0
    while size < kb * 1000:
        para = rng.choice(pool)
        for original, _ in corpus.PEOPLE:
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
            para = para.replace(original, name).replace(original.split()[-1], name.split()[-1])
        para = para.replace("Mariupol", rng.choice(corpus.PLACES))
        para = re.sub(r"\b\d{1,3}\b", lambda _m: str(rng.randint(2, 400)), para)
        paragraphs.append(para)
        size += len(para) + 2
    return build_article("\n\n".join(paragraphs)[: kb * 1000], dt.date(2023, 6, 15))


def measure(kb: int) -> dict:
    nlp, gazetteer = load_nlp(get_settings().spacy_model), get_gazetteer()
    article = long_article(kb)
    text = masked_text(article)
    started = time.process_time()
    for _doc in nlp.pipe([text]):
        pass
    spacy_s = time.process_time() - started
    started = time.process_time()
    facts = extract_article(article, nlp, gazetteer)
    ours_s = time.process_time() - started
    return {
        "kb": kb,
        "spacy_s_per_kb": round(spacy_s / kb, 4),
        "extract_s_per_kb": round(ours_s / kb, 4),
        "ratio": round(ours_s / spacy_s, 2),
        "facts": len(facts.claims) + len(facts.quotes) + len(facts.figures) + len(facts.dates),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,300,900", help="article sizes in KB, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    measure(2)  # load the model and the gazetteer, warm caches
    rows = []
    for kb in sizes:
        rows.append(measure(kb))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # the large sizes take minutes
    # how much a KB costs at the largest size against the smallest: 1.0 is linear
    report = {
        "sizes": rows,
        "growth": round(rows[-1]["extract_s_per_kb"] / rows[0]["extract_s_per_kb"], 2),
        "spacy_growth": round(rows[-1]["spacy_s_per_kb"] / rows[0]["spacy_s_per_kb"], 2),
    }
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
