"""The email's CSS against caniemail's support data, for the clients of ``email.css_clients``.

The data is a packaged extract (``caniemail.json``, made by :mod:`refresh_caniemail`,
which records its source and date); nothing is fetched at run time. A client is
``family.platform`` as caniemail names them (``gmail.desktop-webmail``,
``outlook.windows``), or a family alone for all its platforms.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from newsletter.presend import CheckItem

DATA = Path(__file__).with_name("caniemail.json")
_STYLE_ATTR = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_STYLE_TAG = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_PROPERTY = re.compile(r"(?:^|[;{\s])([a-z][a-z-]*)\s*:(?!:)\s*([^;{}\n]*)", re.IGNORECASE)
_VALUE_FEATURES = {"css-rgba": r"\brgba\(", "css-rgb": r"\brgb\(", "css-variables": r"\bvar\(--",
                   "css-linear-gradient": r"linear-gradient\(", "css-unit-calc": r"\bcalc\(",
                   "css-important": r"!\s*important"}
_RULE_FEATURES = {"css-at-media": r"@media\b", "css-at-font-face": r"@font-face\b",
                  "css-at-import": r"@import\b",
                  "css-at-media-prefers-color-scheme": r"prefers-color-scheme",
                  "css-pseudo-class-hover": r":hover\b", "css-selector-id": r"(?:^|[\s,}])#[\w-]+\s*[{,]",
                  "html-style": r"."}


@cache
def support_data() -> dict:
    """The packaged extract: ``{"source", "last_update_date", "features": {slug: {title, support}}}``."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def known_clients() -> set[str]:
    """Every ``family.platform`` the extract has verdicts for, and every family."""
    clients = {c for f in support_data()["features"].values() for c in f["support"]}
    return clients | {c.split(".")[0] for c in clients}


def css_features(html: str) -> set[str]:
    """The caniemail features (slugs) the email's inline styles and ``<style>`` blocks use."""
    features = support_data()["features"]
    inline = ";\n".join(a or b for a, b in _STYLE_ATTR.findall(html))
    blocks = _COMMENT.sub("", "\n".join(_STYLE_TAG.findall(html)))
    found: set[str] = set()
    for prop, value in _PROPERTY.findall(inline + "\n" + blocks):
        prop, value = prop.lower(), value.strip().lower()
        if prop == "display" and f"css-display-{value.split()[0] if value else ''}" in features:
            found.add(f"css-display-{value.split()[0]}")
        elif f"css-{prop}" in features:
            found.add(f"css-{prop}")
        elif prop.startswith(("margin-", "padding-", "border-")):
            base = "css-" + prop.split("-")[0]
            found.update({base} & features.keys())
    css = inline + "\n" + blocks
    found.update(slug for slug, pattern in _VALUE_FEATURES.items() if re.search(pattern, css))
    if blocks.strip():
        found.update(slug for slug, pattern in _RULE_FEATURES.items() if re.search(pattern, blocks))
    return found


def _verdicts(slug: str, client: str) -> list[tuple[str, str]]:
    support = support_data()["features"][slug]["support"]
    if "." in client:
        return [(client, support[client])] if client in support else []
    return [(c, v) for c, v in sorted(support.items()) if c.split(".")[0] == client]


def unsupported(html: str, clients: list[str]) -> dict[str, list[str]]:
    """Each feature the email uses that a listed client does not support → those clients."""
    out: dict[str, list[str]] = {}
    for slug in sorted(css_features(html)):
        refusing = [c for client in clients for c, verdict in _verdicts(slug, client) if verdict == "n"]
        if refusing:
            out[slug] = list(dict.fromkeys(refusing))
    return out


def css_support(html: str, clients: list[str], *, hold: bool) -> CheckItem:
    """Name each CSS feature a listed client does not support; it fails only with ``hold``."""
    if not clients:
        return CheckItem("css support", True, "no clients listed (email.css_clients)")
    used = css_features(html)
    missing = unsupported(html, clients)
    data = support_data()
    dated = f"caniemail data of {data['last_update_date'][:10]}"
    if not missing:
        return CheckItem("css support", True,
                         f"{len(used)} features, all supported by {', '.join(clients)} ({dated})")
    named = "; ".join(f"{data['features'][slug]['title']} ({slug}) not in {', '.join(who)}"
                      for slug, who in missing.items())
    return CheckItem("css support", not hold,
                     f"{len(missing)} of {len(used)} features unsupported: {named} ({dated})")
