"""Open the source a build asks for: ``sample``, ``csv:DIR`` or ``yahoo`` (cached)."""

from __future__ import annotations

from pathlib import Path

from newsletter.config import Config
from newsletter.data.base import Source
from newsletter.errors import NewsletterError


def open_source(spec: str, workspace: Path, config: Config) -> Source:
    """Turn a ``--source`` value into a Source. Heavy sources are imported only when asked for."""
    if spec == "sample":
        from newsletter.data.sample import SampleSource
        from newsletter.user_cache import user_cache_dir

        return SampleSource(seed=config.data.seed, cache_dir=user_cache_dir() / "sample")
    if spec.startswith("csv:"):
        folder = Path(spec[4:]).expanduser()
        if not folder.is_absolute():
            folder = (Path.cwd() / folder).resolve()
        if not folder.is_dir():
            raise NewsletterError(f"no such folder for the csv source: {folder}", key="--source")
        from newsletter.data.csv_folder import CsvFolderSource

        return CsvFolderSource(folder)
    if spec == "yahoo":
        from newsletter.data.cache import CachedSource
        from newsletter.data.yahoo import YahooSource

        cache_dir = workspace / config.data.cache_dir
        return CachedSource(YahooSource(retries=config.data.retries, timeout=config.data.timeout), cache_dir, extra_closures=tuple(config.data.extra_closures))
    raise NewsletterError(f"unknown source {spec!r}: expected sample, yahoo or csv:DIR", key="--source")
