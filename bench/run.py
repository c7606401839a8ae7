"""Run every benchmark; `--tiny` runs each once at a tiny size so CI keeps them working.

The PostgreSQL ones run when a server answers at `--database` (CI's, by default), and
are skipped with the reason printed when none does.
"""

from __future__ import annotations

import argparse
import json

from . import (
    explorer,
    extract_scale,
    floor,
    heavy,
    ingest,
    jobs,
    queries,
    revalidate,
    scale,
    startup,
    statements,
)
from .databases import DEFAULT_URL, unreachable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument(
        "--database", default=DEFAULT_URL, help="the PostgreSQL server for the PostgreSQL runs"
    )
    args = parser.parse_args()
    reason = unreachable(args.database)
    if reason:
        print(f"bench.run: the PostgreSQL benchmarks are skipped: {reason}")
    pg = [] if reason else ["--database", args.database]
    if args.tiny:
        results = {
            "startup": startup.main([]),
            "ingest": ingest.main(["--articles", "6", *pg]),
            "queries": queries.main(["--articles", "6", "--seconds", "1", "--connections", "4"]),
            "floor": floor.main(["--articles", "6", "--seconds", "1", "--connections", "4"]),
            "revalidate": revalidate.main(["--articles", "6", "--seconds", "1", "--connections", "4"]),
            "scale": scale.main(["--articles", "8", "--small", "4", "--seconds", "1", "--connections", "4"]),
            "extract_scale": extract_scale.main(["--sizes", "2,6"]),
            "explorer": explorer.main(["--articles", "6", "--rounds", "1"]),
            "heavy": heavy.main(["--articles", "12", "--base", "6", "--seconds", "2", "--connections", "4"]),
            "jobs": jobs.main(["--articles", "4", "--batch", "6", "--seconds", "1"]),
            "statements": statements.main(["--articles", "8", "--large", "40", "--batch", "4"]),
        }
        if pg:
            tiny = ["--seconds", "1", "--connections", "4"]
            results["queries_postgresql"] = queries.main(["--articles", "6", *tiny, *pg])
            # bench_pg_2k / bench_pg_200: never the 10k and 1m databases a full run keeps
            sizes = ["--facts", "2000", "--small-facts", "200", "--base", "6", "--explain"]
            results["scale_postgresql"] = scale.main([*sizes, *tiny, *pg])
    else:
        results = {
            "startup": startup.main([]),
            "ingest": ingest.main(pg),
            "queries": queries.main([]),
            "floor": floor.main([]),
            "revalidate": revalidate.main([]),
            "scale": scale.main([]),
            "extract_scale": extract_scale.main([]),
            "explorer": explorer.main([]),
            "heavy": heavy.main([]),
            "jobs": jobs.main([]),
            "statements": statements.main([]),
        }
        if pg:
            results["queries_postgresql"] = queries.main(pg)
            results["scale_postgresql"] = scale.main([*pg, "--explain"])
    print(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
