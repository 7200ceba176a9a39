"""One module per section, in the order the issue shows them.

Each module has ``KEY``, ``EMOJI``, ``TITLE`` and ``build(ctx) -> Built | None``;
``None`` means nothing worth saying this week, and the section disappears.
"""

from newsletter.sections import breadth, breakdown, edge, macro, recap, regime, rotation, sentiment

SECTION_MODULES = (recap, breadth, breakdown, rotation, sentiment, macro, edge, regime)
