"""Charts: one module per chart kind, drawn with matplotlib's Agg canvas, cached by input hash.

Public API (imported lazily, so that ``render_charts`` serving every chart from
its cache never imports matplotlib)::

    candle_chart(out, *, bars, ticker, levels=(), sessions=126, ...)   Breakdown Watch
    ratio_chart(out, *, numerator, denominator, names=("IWM", "SPY"), ...)   Rotation Play
    returns_chart(out, *, returns, asof, indices=(), ...)                Recap
    open_interest_chart(out, *, chain, price, ticker, asof, ...)         options positioning
    event_study_chart(out, *, rows, asof, title, ...)                    Historical Edge
    gamma_chart(out, *, strikes, net, price, ticker, asof, flip, regime, ...)   Volatility + Gamma
    iv_term_chart(out, *, expiries, days, ivs, realised, ticker, asof, ...)     Volatility + Gamma
    breadth_chart(out, *, pct_above_200d, ad_line, universe, members, ...)   Breadth
    render_charts(specs, out_dir, cache_dir, *, workspace=None, workers=1) -> Rendered

Every chart function writes a PNG drawn at 2x and returns a
:class:`newsletter.model.Chart` whose width and height are the display size in
CSS px; every one takes ``sample`` (stamps SAMPLE DATA) and ``workspace`` (whose
``charts/newsletter.mplstyle`` overrides the packaged style sheet).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "candle_chart": "newsletter.charts.candles",
    "ratio_chart": "newsletter.charts.ratio",
    "returns_chart": "newsletter.charts.returns",
    "open_interest_chart": "newsletter.charts.open_interest",
    "event_study_chart": "newsletter.charts.event_study",
    "gamma_chart": "newsletter.charts.gamma",
    "iv_term_chart": "newsletter.charts.iv_term",
    "breadth_chart": "newsletter.charts.breadth",
    "render_charts": "newsletter.charts.batch",
    "ChartSpec": "newsletter.charts.batch",
    "Rendered": "newsletter.charts.batch",
    "KINDS": "newsletter.charts.batch",
    "Level": "newsletter.charts.inputs",
    "Estimate": "newsletter.charts.inputs",
    "HorizonEdge": "newsletter.charts.inputs",
    "style_path": "newsletter.charts.style",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newsletter.charts' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
