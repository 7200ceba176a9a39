"""Market data: one interface (:class:`Source`), several sources, one cache."""

from newsletter.data.base import Fetched, Source, normalise_bars

__all__ = ["Fetched", "Source", "normalise_bars"]
