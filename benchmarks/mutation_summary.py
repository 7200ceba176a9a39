"""Per-module mutation figures from mutmut's ``mutants/**/*.meta`` (run after ``mutmut run``).

    python -m benchmarks.mutation_summary            # table: mutants, killed, survived, percent
    python -m benchmarks.mutation_summary --list     # also every mutant not killed, by module

Killed counts what mutmut calls killed, timeout (a mutant that hangs the tests is caught)
and caught by type check; the percent is killed over every mutant of the module.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          37: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout",
          None: "not checked"}
CAUGHT = {"killed", "timeout"}


def summary(root: Path = Path("mutants")) -> dict[str, Counter]:
    """Status counts by module, from every ``.meta`` file under ``root``."""
    out: dict[str, Counter] = {}
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        module = meta.relative_to(root).as_posix().removesuffix(".meta")
        out[module] = Counter(STATUS.get(code, "suspicious") for code in codes.values())
        out[module]["mutants"] = len(codes)
        out[module]["names"] = 0
        out[module + "::not killed"] = Counter(
            {name: 1 for name, code in codes.items() if STATUS.get(code, "suspicious") not in CAUGHT})
    return out


def main(argv: list[str]) -> int:
    table = summary()
    print(f"{'module':<34} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} "
          f"{'unchecked':>9} {'killed %':>8}")
    for module, counts in table.items():
        if module.endswith("::not killed"):
            continue
        caught = counts["killed"] + counts["timeout"]
        pct = 100.0 * caught / counts["mutants"] if counts["mutants"] else 0.0
        print(f"{module:<34} {counts['mutants']:>7} {caught:>7} {counts['survived']:>8} "
              f"{counts['no tests']:>8} {counts['not checked']:>9} {pct:>7.1f}%")
    if "--list" in argv:
        for module, names in table.items():
            if module.endswith("::not killed"):
                for name in sorted(names):
                    print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
