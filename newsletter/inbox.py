"""What an inbox shows of an email before it is opened: the preheader, fitted to its width.

One definition for the builder (``meta.json``'s preheader, the MJML preview), the pre-send
check that holds an issue whose preheader would be cut, and the preview's inbox line.
"""

from __future__ import annotations

import re

PREHEADER_SHOWN = (40, 130)
"""Characters of preheader an inbox shows (Gmail on a phone about 40, on the web about 130)."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z$0-9\"“(])")


def fitted_preheader(hook: str) -> str:
    """The hook as the inbox can show it whole: all of it when it fits in
    ``PREHEADER_SHOWN[1]`` characters, else its leading whole sentences that fit (the stock
    closing line is the first to go), else its first sentence cut at a word with "…".

    A big week's hook runs to two records and a closer (170 characters and more); whole, it
    failed the pre-send check and held the issue that mattered most."""
    text = " ".join(hook.split())
    limit = PREHEADER_SHOWN[1]
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        joined = f"{kept} {sentence}".strip()
        if len(joined) > limit:
            break
        kept = joined
    if kept:
        return kept
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
