"""Regenerate ``caniemail.json``, the packaged extract of caniemail's support data.

    python -m newsletter.presend.refresh_caniemail path/to/caniemail.json

The source file is ``dist/data/caniemail.json`` of the ``caniemail`` npm package
(``npm pack caniemail``), itself the ``_data/`` of github.com/hissyfit/caniemail.
The extract keeps the CSS features (and the ``<style>`` element) and, for each
client (``family.platform``, of the major :data:`FAMILIES`), the verdict of its latest test: y, a (partial),
n or u (unknown). Nothing reads the network at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXTRACT = Path(__file__).with_name("caniemail.json")
FAMILIES = ("gmail", "apple-mail", "outlook", "yahoo", "samsung-email", "thunderbird", "aol",
            "protonmail", "fastmail", "hey")
"""The clients kept: the major ones (caniemail lists about twenty families)."""


def extract(data: dict, source: str) -> dict:
    """The features we check, each client's latest verdict, and where they came from."""
    features = {}
    for feature in data["data"]:
        slug = feature["slug"]
        if not (slug.startswith("css-") or slug == "html-style"):
            continue
        support = {}
        for family, platforms in feature["stats"].items():
            if family not in FAMILIES:
                continue
            for platform, versions in platforms.items():
                if versions:
                    latest = list(versions.values())[-1]
                    support[f"{family}.{platform}"] = latest.split()[0][0]
        features[slug] = {"title": feature["title"], "support": support}
    return {"source": source, "api_version": data["api_version"],
            "last_update_date": data["last_update_date"], "features": features}


def main(argv: list[str]) -> None:
    path = Path(argv[0])
    data = json.loads(path.read_text(encoding="utf-8"))
    source = argv[1] if len(argv) > 1 else "caniemail npm package, dist/data/caniemail.json"
    result = extract(data, source)
    features = result.pop("features")
    lines = [f"{json.dumps(slug)}: {json.dumps(feature, sort_keys=True, separators=(',', ':'))}"
             for slug, feature in sorted(features.items())]  # one feature a line: readable diffs
    head = json.dumps(result, sort_keys=True)[:-1]
    EXTRACT.write_text(head + ', "features": {\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
