"""Seeded generators of malformed and hostile notes, configs and templates, for the fuzz tests.

No dependency: ``random.Random(seed)`` per case, so case N is the same bytes on
every run and a failure names a case anyone can regenerate
(``notes_case(N)``). Each generator starts from a plausible file and applies
a few mutations: wrong types, hostile strings, huge values, broken YAML,
aliases, deep nesting, control bytes, bad encodings.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from functools import lru_cache
from pathlib import Path

from newsletter.notes import SECTION_KEYS

ISSUE = dt.date(2026, 11, 22)

HOSTILE_STRINGS = [
    "<script>alert(1)</script>", "\"><script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt&#58;alert(1))", "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>", "{{ 7*7 }}", "{% include 'issue.md.j2' %}", "${7*7}", "%s%s%n",
    "https://x\"><script>alert(1)</script>", "https://x)<script>alert(1)</script>",
    "x\r\nBcc: all@example.com", "a\\x00b", "emoji 🚀📉", "RTL \u202e txt", "zero\u200bwidth",
    "[" * 3000, "](" * 3000, "*" * 2000, "_" * 2000, "`" * 500, "<" * 500, "&amp;" * 200,
    "A" * 6000, "line\nbreaks\n\n# heading\n- list", "| a | b |\n|---|---|\n| 1 | 2 |",
    "", " ", "null", "~", "yes", "0x1F", "1e309", "-0", "NaN", "2026-02-30", "../../etc/passwd",
    "/dev/null", "newsletter.yaml", ".", "..", "C:\\\\Windows", "mailto:x@example.com",
    "https://example.com/ok", "https://example.com/a_(b)", "http://[::1]/", "ftp://x", "data:text/html,x",
    "a@example.com", "Name <a@example.com>", "a@example.com, b@example.com", "@", "TSLA", "tsla",
    "BRK.B", "^VIX", "TS LA", "$TSLA", "A" * 40,
]
SCALARS: list[object] = [
    0, 1, -1, 275, 245.5, 1e308, -1e308, 10**30, True, False, None, 0.0, 3.14,
    float("inf"), float("-inf"), "2026-12-18", "2026-11-01", [], {}, [1, 2], {"a": 1}, [[[]]],
]
RAW_TOKENS = [".inf", "-.inf", ".nan", "!!binary aGVsbG8=", "!!python/object:os.system", "&a x", "*a",
              "<<: *a", "? complex key", "|", ">", "'unterminated", "\"unterminated", "[", "]", "{", "}",
              "- ", ": ", "\t", "#", "%YAML 1.1", "---", "...", "!!map {}", "0o777", "1_000", "+12",
              "2026-11-22T10:00:00Z", "'\\u0000'", "\"\\0\"", "\"\\x07\"", "\"\\r\\nX: y\""]
KEY_TYPOS = ["headlin", "Headline", "commentry", "itmes", "cals", "\"x\\r\\nnewsletter: error: forged\"",
             "A" * 300, "1", "true", "null", "''"]


MILD_STRINGS = [t for t in HOSTILE_STRINGS
                if len(t) < 4000 and t.strip() and t.isprintable() and t not in ("null", "~", "yes")]


def _text(rng: random.Random) -> object:
    if getattr(rng, "plain", False):
        return " ".join(rng.choice(["The", "S&P", "Edge", "5 < 6", "AT&T", "50%", "—", "🚀", "\"quoted\""])
                        for _ in range(rng.randint(1, 8)))
    if getattr(rng, "mild", False):
        return rng.choice(MILD_STRINGS) + " " + rng.choice(["S&P", "**bold**", "[a](https://x.io)", "🚀"])
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(HOSTILE_STRINGS)
    if roll < 0.4:
        return rng.choice(SCALARS)
    if roll < 0.85:
        return " ".join(rng.choice(["The", "S&P", "ripped", "**bold**", "[link](https://example.com)",
                                    "$NVDA", "<b>ok</b>", "50%", "—", "🚀"]) for _ in range(rng.randint(1, 12)))
    return rng.choice(HOSTILE_STRINGS) + " " + rng.choice(HOSTILE_STRINGS)


def _ticker(rng: random.Random) -> object:
    mild = getattr(rng, "mild", False)
    return rng.choice(["TSLA", "AAPL", "NVDA", "SPY", "HOOD", "^VIX", "BTC-USD"]) if mild or rng.random() < 0.7 \
        else rng.choice(HOSTILE_STRINGS + SCALARS)


def _level(rng: random.Random, base: float) -> object:
    return base if getattr(rng, "mild", False) or rng.random() < 0.8 else rng.choice(SCALARS + ["abc", "275", 0, -5])


def _call(rng: random.Random) -> dict[str, object]:
    direction = rng.choice(["short", "long"] if getattr(rng, "mild", False) else ["short", "long", "sideways"])
    trigger, target, stop = (275, 245, 290) if direction != "long" else (275, 300, 260)
    call = {"ticker": _ticker(rng), "direction": direction, "trigger": _level(rng, trigger),
            "target": _level(rng, target), "stop": _level(rng, stop),
            "horizon": "2026-12-18" if getattr(rng, "mild", False)
            else rng.choice(["2026-12-18", "2026-12-18", "2026-11-01", "soon", 20261218])}
    if rng.random() < 0.5:
        call["text"] = _text(rng)
    return call


def notes_document(rng: random.Random) -> dict[str, object]:
    """A notes mapping with a random subset of keys, some values hostile or of the wrong type."""
    doc: dict[str, object] = {}
    if rng.random() < 0.6:
        doc["headline"] = _text(rng)
    if rng.random() < 0.5:
        doc["hook"] = _text(rng)
    if rng.random() < 0.3:
        doc["go_deeper"] = "https://youtu.be/abc?t=1" if getattr(rng, "mild", False) or rng.random() < 0.6 \
            else rng.choice(HOSTILE_STRINGS)
    if rng.random() < 0.4:
        doc["recap"] = [{"mark": rng.choice(["✅", "❌", "🟡", "hit", "open"]), "text": _text(rng)}
                        for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.5:
        doc["commentary"] = {rng.choice([*SECTION_KEYS, "crypto"]): _text(rng) for _ in range(rng.randint(1, 3))}
    if rng.random() < 0.4:
        doc["items"] = {rng.choice(SECTION_KEYS): [{"text": _text(rng), "ticker": _ticker(rng)}]}
    if rng.random() < 0.4:
        doc["calls"] = [_call(rng) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.3:
        doc["watch"] = [_ticker(rng) for _ in range(rng.choice([1, 3, 30, 1000][:2 if getattr(rng, "mild", False) else 4]))]
    if rng.random() < 0.2:
        doc["hide"] = [rng.choice([*SECTION_KEYS, "breakdown:TSLA", "everything", 7])]
    if rng.random() < 0.15 and not getattr(rng, "mild", False):
        doc[rng.choice(KEY_TYPOS)] = _text(rng)
    return doc


def config_document(rng: random.Random) -> dict[str, object]:
    """A newsletter.yaml mapping: a few keys set, some hostile."""
    doc: dict[str, object] = {}
    plain = ["title", "tagline", "author", "disclaimer", "base_url", "go_deeper_url", "output", "timezone"]
    for key in rng.sample(plain, rng.randint(0, 4)):
        plain_ok = key not in ("base_url", "go_deeper_url", "output", "timezone")
        doc[key] = _text(rng) if rng.random() < 0.6 and (plain_ok or not getattr(rng, "mild", False)) else {
            "base_url": "https://example.com/l/", "go_deeper_url": "https://youtu.be/x", "output": "built",
            "timezone": "Europe/Paris"}.get(key, "Plain words & numbers 5 < 6")
    if rng.random() < 0.4:
        doc["data"] = {"cache_dir": rng.choice([".cache2", "cache/x"])} if getattr(rng, "mild", False) else {
            rng.choice(["source", "seed", "history_sessions", "cache_dir", "timeout", "retries", "extra_closures"]):
            rng.choice([*SCALARS, *HOSTILE_STRINGS[:20], ".cache2", "csv:data", "sample"])}
    if rng.random() < 0.4:
        doc["watchlists"] = {rng.choice(["indices", "macro", "sectors", "breakdown", "sentiment", "story",
                                         "crypto"][:6 if getattr(rng, "mild", False) else 7]):
                             [_ticker(rng) for _ in range(rng.choice([1, 4, 60][:2 if getattr(rng, "mild", False) else 3]))]}
    if rng.random() < 0.3:
        doc["themes"] = [{"name": _text(rng), "lead": [_ticker(rng)], "lag": [_ticker(rng)],
                          "lead_label": _text(rng)}]
    if rng.random() < 0.3:
        doc["rotation"] = [{"lead": _ticker(rng), "lag": _ticker(rng), "label": _text(rng)}]
    if rng.random() < 0.3:
        doc["sections"] = {rng.choice(["recap", "edge", "regime", "crypto"][:3 if getattr(rng, "mild", False) else 4]):
                           rng.choice([True, False, "maybe"][:2 if getattr(rng, "mild", False) else 3])}
    if rng.random() < 0.5:
        doc["email"] = {rng.choice(["from", "reply_to", "author_address", "unsubscribe_mailto",
                                    "unsubscribe_url", "max_html_kb", "rate_per_minute"]):
                        rng.choice(["Ed <ed@example.com>", "https://example.com/unsub", 60])
                        if getattr(rng, "mild", False) else
                        rng.choice([*HOSTILE_STRINGS, *SCALARS, "Ed <ed@example.com>",
                                    "https://example.com/unsub"])}
    if rng.random() < 0.1 and not getattr(rng, "mild", False):
        doc[rng.choice(KEY_TYPOS)] = _text(rng)
    return doc


def to_yaml(rng: random.Random, doc: dict[str, object]) -> str:
    """The mapping as YAML: JSON-style flow values (valid YAML), block keys."""
    lines = []
    for key, value in doc.items():
        shown = key if key.replace("_", "").isalnum() else json.dumps(key)
        try:
            dumped = json.dumps(value, ensure_ascii=rng.random() < 0.5)
        except ValueError:
            dumped = json.dumps(str(value))
        dumped = dumped.replace("Infinity", ".inf").replace("NaN", ".nan")
        lines.append(f"{shown}: {dumped}")
    return "\n".join(lines) + "\n"


def mutate_text(rng: random.Random, text: str) -> str | bytes:
    """A few text-level mutations: broken YAML, aliases, nesting, control bytes, other encodings."""
    if getattr(rng, "mild", False) or rng.random() < 0.45:
        return text
    roll = 0.45 + rng.random() * 0.55
    if rng.random() < 0.3:
        return text
    lines = text.splitlines() or [""]
    if roll < 0.6:
        at = rng.randrange(len(lines) + 1)
        lines.insert(at, rng.choice(RAW_TOKENS) + (" " + rng.choice(RAW_TOKENS) if rng.random() < 0.5 else ""))
        return "\n".join(lines) + "\n"
    if roll < 0.68:
        depth = rng.choice([10, 40, 500, 1000])
        return text + "headline: " + "[" * depth + "x" + "]" * depth + "\n"
    if roll < 0.74:
        return "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n" + text
    if roll < 0.8:
        cut = rng.randrange(len(text) + 1)
        return text[:cut] + rng.choice(["\x00", "\x07", "\x1b[31m", "\ufeff", "\u2028", "\x85", "\t"]) + text[cut:]
    if roll < 0.86:
        return text.encode(rng.choice(["utf-16", "utf-16-le", "latin-1", "utf-32"]), errors="replace")
    if roll < 0.9:
        raw = bytearray(text.encode())
        raw[rng.randrange(len(raw) or 1) if raw else 0:0] = bytes([rng.choice([0xff, 0xc3, 0x80, 0xfe])])
        return bytes(raw)
    if roll < 0.95:
        return text[: rng.randrange(len(text) + 1)]
    return text * rng.choice([2, 40])


def notes_case(n: int) -> str | bytes:
    rng = random.Random(f"notes-{n}")
    rng.mild = rng.random() < 0.45  # type: ignore[attr-defined]  # plausible notes with hostile text
    return mutate_text(rng, to_yaml(rng, notes_document(rng)))


def config_case(n: int) -> str | bytes:
    rng = random.Random(f"config-{n}")
    rng.mild = rng.plain = rng.random() < 0.45  # type: ignore[attr-defined]
    return mutate_text(rng, to_yaml(rng, config_document(rng)))


TEMPLATE_SNIPPETS = [
    "{{ 1/0 }}", "{{ none | price }}", "{{ issue.nope }}", "{% for %}", "{% if %}", "{{ range(10**9) | list }}",
    "{% for i in range(10**9) %}x{% endfor %}", "{{ 'a' * 10**9 }}", "{{ issue.__class__.__mro__ }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{% include 'issue.md.j2' %}", "{% extends 'nope.j2' %}",
    "{{ x | nosuchfilter }}", "{% set x = 10**10**10 %}", "{{ '%099999999d' | format(1) }}", "{% raw %}",
    "{{ issue.headline | center(10**9) }}", "{{ lipsum(10**6) }}", "{{ cycler(1,2).next() }}", "}}", "{%",
    "{{ issue.sections[99] }}", "{{ issue.date | long_date }}", "{{ issue.title | upper }}", "{# comment",
    "{{ ''.join(['x'] * 10**8) }}", "{{ (issue.sections | first).title }}", "{% include 'sections/x.md.j2' %}",
    "{{ 'x' ~ 'y' }}", "{{ 3 ** 99999 }}", "{{ [1,2] | map('price') | join }}", "\xff", "{{ self }}",
    "{{ config }}", "{{ issue.sections | length }}", "{% for s in issue.sections %}{{ s.key }}{% endfor %}",
]
TEMPLATE_TARGETS = ["issue.md.j2", "sections/recap.md.j2", "sections/rotation.md.j2", "macros.md.j2",
                    "page.html.j2", "email.mjml.j2", "sections/extra.md.j2"]


def template_case(n: int, packaged: Path) -> tuple[str, str | bytes]:
    """(template name, its text): a packaged template with a few snippets spliced in, or a new one."""
    rng = random.Random(f"template-{n}")
    name = rng.choice(TEMPLATE_TARGETS)
    base = packaged / name
    text = base.read_text(encoding="utf-8") if base.is_file() else ""
    lines = text.splitlines() or [""]
    for _ in range(rng.randint(1, 3)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(TEMPLATE_SNIPPETS))
    if rng.random() < 0.15 and len(lines) > 2:
        del lines[rng.randrange(len(lines))]
    out = "\n".join(lines) + "\n"
    if "\xff" in out:
        return name, out.replace("\xff", "").encode() + b"\xff\n"
    return name, out


class Tally:
    """Counts of how fuzz cases ended, printed once the module's cases have run."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.counts: Counter[str] = Counter()

    def summary(self) -> str:
        c = self.counts
        total = sum(c.values())
        return (f"fuzz {self.kind}: {total} cases, {c['accepted']} accepted, {c['refused']} refused with "
                f"file:line, {c['traceback']} tracebacks, 0 hangs (10 s per case)")


@lru_cache(maxsize=1)
def sample_issue():
    """The sample issue composed once per process (no charts drawn), to render fuzzed inputs against."""
    import tempfile

    from newsletter.build import gather
    from newsletter.compose import compose
    from newsletter.workspace import Workspace

    ws = Workspace.open(Path(tempfile.mkdtemp(prefix="fuzz-sample-")))
    draft = gather(ws, source="sample", issue_date=ISSUE)
    return ws, draft, compose(ws.config, draft.snapshot, draft.notes, ISSUE, graded=()).issue
