"""One module per section, in the order the issue shows them.

Each module has ``KEY``, ``EMOJI``, ``TITLE`` and ``build(ctx) -> Built | None``.
A section never disappears silently: with nothing to say it raises
``NothingQualified`` and without its data ``SectionDataMissing``, and compose
prints that one line (``sections.one_liners: false`` drops them). ``None`` is
only for a section the author turned off (an empty watchlist).
"""

from newsletter.sections import (
    breadth,
    breakdown,
    edge,
    lenses,
    macro,
    recap,
    regime,
    rotation,
    sentiment,
    technical,
    volatility,
)

SECTION_MODULES = (recap, breadth, breakdown, rotation, technical, sentiment, macro, edge, lenses,
                   volatility, regime)
