"""The chart style: find the style sheet (workspace first, packaged default second) and apply it.

The style sheet is a plain matplotlib ``.mplstyle`` file. Colours the chart code
needs by role (up, down, averages, levels) are read from the first eight colours
of its ``axes.prop_cycle``, in the order documented at the top of the sheet, so an
author restyles everything from one file matplotlib already understands.

Finding the sheet does not import matplotlib: the chart cache hashes the sheet's
bytes to decide whether anything must be drawn at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsletter.errors import NewsletterError

log = logging.getLogger(__name__)

STYLE_NAME = "newsletter.mplstyle"
PACKAGED_STYLE = Path(__file__).with_name(STYLE_NAME)
"""The default sheet shipped inside the package."""
WORKSPACE_STYLE = Path("charts") / STYLE_NAME
"""Where a workspace puts its override, relative to the workspace root."""

_ROLES = ("up", "down", "avg50", "avg200", "accent", "neutral", "put_wall", "call_wall")
_DEFAULT_ROLES = ("#16a34a", "#dc2626", "#2563eb", "#7c3aed",
                  "#ea580c", "#64748b", "#be185d", "#0f766e")


def style_path(workspace: Path | None) -> Path:
    """The style sheet to use: ``<workspace>/charts/newsletter.mplstyle`` if it exists, else the packaged one."""
    if workspace is not None:
        candidate = Path(workspace) / WORKSPACE_STYLE
        if candidate.is_file():
            return candidate
    return PACKAGED_STYLE


@dataclass(frozen=True)
class Palette:
    """Colours by role, read from the active style sheet."""

    up: str
    down: str
    avg50: str
    avg200: str
    accent: str
    neutral: str
    put_wall: str
    call_wall: str
    text: str
    muted: str
    grid: str
    background: str

    def level(self, kind: str) -> str:
        """The colour of a price level of ``kind`` (support, trigger, target, stop, put_wall, ...)."""
        return {
            "trigger": self.accent,
            "target": self.down,
            "put_wall": self.put_wall,
            "call_wall": self.call_wall,
        }.get(kind, self.neutral)


def _palette(rc: Any) -> Palette:
    from matplotlib.colors import to_hex, to_rgba

    cycle = [to_hex(c) for c in rc["axes.prop_cycle"].by_key().get("color", [])]
    roles = dict(zip(_ROLES, cycle + list(_DEFAULT_ROLES[len(cycle):]), strict=True))
    return Palette(
        **roles,
        text=to_hex(rc["text.color"]),
        muted=to_hex(rc["axes.labelcolor"]) if rc["axes.labelcolor"] != "inherit" else "#57606A",
        grid=to_hex(rc["grid.color"]),
        background=_opaque(to_rgba(rc["figure.facecolor"])),
    )


def _opaque(rgba: tuple[float, float, float, float]) -> str:
    """The colour ``rgba`` shows over white (the PNG is flattened onto white too)."""
    from matplotlib.colors import to_hex

    alpha = rgba[3]
    return to_hex(tuple(c * alpha + (1 - alpha) for c in rgba[:3]))


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    import matplotlib as mpl

    try:
        params = mpl.rc_params_from_file(str(path), use_default_template=False)
    except (OSError, ValueError) as exc:
        raise NewsletterError(f"cannot read the chart style sheet: {exc}", file=path) from exc
    return dict(params)


def load_style(workspace: Path | None) -> dict[str, Any]:
    """The rcParams the style sheet sets (parsed once per file version)."""
    path = style_path(workspace)
    stat = path.stat()
    log.debug("chart style %s", path)
    return _read(path, stat.st_mtime_ns, stat.st_size)


@contextmanager
def styled(workspace: Path | None) -> Iterator[Palette]:
    """Apply the style sheet over matplotlib's defaults for the block; yield its palette.

    Starting from the defaults (not the user's ``matplotlibrc``) keeps a chart's
    pixels a function of its inputs and the sheet, which the cache relies on.
    """
    import matplotlib as mpl

    params = load_style(workspace)
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(params)
        yield _palette(mpl.rcParams)
