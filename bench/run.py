"""Run every benchmark; `--tiny` runs each once at a tiny size so CI keeps them working."""

from __future__ import annotations

import argparse
import json

from . import explorer, extract_scale, ingest, queries, scale, startup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiny", action="store_true")
    args = parser.parse_args()
    if args.tiny:
        results = {
            "startup": startup.main([]),
            "ingest": ingest.main(["--articles", "6"]),
            "queries": queries.main(["--articles", "6", "--seconds", "1", "--connections", "4"]),
            "scale": scale.main(["--articles", "8", "--small", "4", "--seconds", "1", "--connections", "4"]),
            "extract_scale": extract_scale.main(["--sizes", "2,6"]),
            "explorer": explorer.main(["--articles", "6", "--rounds", "1"]),
        }
    else:
        results = {
            "startup": startup.main([]),
            "ingest": ingest.main([]),
            "queries": queries.main([]),
            "scale": scale.main([]),
            "extract_scale": extract_scale.main([]),
            "explorer": explorer.main([]),
        }
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
