"""Draw the charts the sections asked for, and hand each section its drawn charts.

Sections ask with plain :class:`~newsletter.sections.base.ChartRequest` values
(they must not import a later stage); here each request becomes a chart spec
with the snapshot's data, and the charts package draws or reuses it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from newsletter.compose import Composed
from newsletter.display import plain
from newsletter.model import Chart, Snapshot
from newsletter.sections.base import ChartRequest

log = logging.getLogger(__name__)

_LEVEL_KINDS = {"put wall": "put_wall", "call wall": "call_wall", "trigger": "trigger",
                "target": "target", "stop": "stop", "support": "support", "resistance": "resistance"}
_HORIZON_NAMES = {5: "1 week", 10: "2 weeks", 21: "1 month", 63: "3 months", 126: "6 months"}


def _spec(request: ChartRequest, snapshot: Snapshot):
    from newsletter.charts import ChartSpec, Estimate, HorizonEdge, Level

    i = request.inputs
    common = {"sample": snapshot.sample}
    if request.kind == "candles":
        levels = [Level(label.capitalize(), float(price), _LEVEL_KINDS.get(label, "support"))
                  for label, price in i["levels"]]
        kwargs = {"bars": snapshot.bars[i["ticker"]], "ticker": i["ticker"], "levels": levels}
    elif request.kind == "open_interest":
        kwargs = {"chain": snapshot.options[i["ticker"]], "price": float(i["price"]),
                  "ticker": i["ticker"], "asof": snapshot.asof,
                  "put_wall": i.get("put_wall"), "call_wall": i.get("call_wall")}
    elif request.kind == "gamma":
        kwargs = {"strikes": tuple(i["strikes"]), "net": tuple(i["net"]),
                  "price": float(i["price"]), "ticker": i["ticker"], "asof": snapshot.asof,
                  "flip": i["flip"], "regime": i["regime"]}
    elif request.kind == "iv_term":
        kwargs = {"expiries": tuple(i["expiries"]), "days": tuple(i["days"]),
                  "ivs": tuple(i["ivs"]), "realised": float(i["realised"]),
                  "ticker": i["ticker"], "asof": snapshot.asof}
    elif request.kind == "ratio":
        kwargs = {"numerator": snapshot.bars[i["lead"]]["Close"],
                  "denominator": snapshot.bars[i["lag"]]["Close"],
                  "names": (plain(i["lead"]), plain(i["lag"])), "streak": i["streak"]}
    elif request.kind == "returns":
        kwargs = {"returns": {t: pct / 100 for t, pct in i["returns"].items()}, "asof": snapshot.asof,
                  "indices": tuple(i.get("indices", ())), "title": i.get("title", "The week in returns")}
    elif request.kind == "breadth":
        kwargs = {"pct_above_200d": i["pct_above_200d"], "ad_line": i["ad_line"],
                  "universe": i["universe"], "members": i["members"]}
    elif request.kind == "event_study":
        rows = []
        for h in i["study"].horizons:
            if not h.events.n or h.ci_low is None:
                continue
            rows.append(HorizonEdge(
                _HORIZON_NAMES.get(h.horizon, f"{h.horizon} sessions"),
                Estimate(h.events.mean / 100, h.ci_low / 100, h.ci_high / 100, h.events.n,
                         None if h.events.pct_positive is None else h.events.pct_positive / 100),
                Estimate(h.baseline.mean / 100, h.baseline.mean / 100, h.baseline.mean / 100,
                         h.baseline.n,
                         None if h.baseline.pct_positive is None else h.baseline.pct_positive / 100)))
        if not rows:
            return None
        kwargs = {"rows": rows, "asof": snapshot.asof, "title": i["title"]}
    else:
        raise ValueError(f"unknown chart kind {request.kind!r}")
    return ChartSpec(request.name, request.kind, {**kwargs, **common})


def draw_charts(composed: Composed, snapshot: Snapshot, charts_dir: Path, cache_dir: Path | None,
                workspace: Path | None) -> tuple[Composed, tuple[str, ...]]:
    """Draw every requested chart into ``charts_dir``; return the issue with charts attached.

    A chart that fails is left out with a logged reason: the text still builds.
    """
    from newsletter.charts import render_charts

    specs, owners = [], {}
    problems: list[str] = []
    for request in composed.charts:
        try:
            spec = _spec(request, snapshot)
        except (KeyError, ValueError) as exc:
            problems.append(f"chart {request.name}: {exc}")
            continue
        if spec is not None:
            specs.append(spec)
            owners[request.name] = request.section
    if not specs:
        return composed, tuple(problems)
    charts_dir.mkdir(parents=True, exist_ok=True)
    rendered = render_charts(specs, charts_dir, cache_dir, workspace=workspace)
    problems += [f"chart {name}: {why}" for name, why in rendered.failed.items()]
    by_section: dict[str, list[Chart]] = {}
    for chart in rendered.charts:
        by_section.setdefault(owners[chart.name], []).append(chart)
    sections = tuple(replace(s, charts=tuple(by_section.get(s.key, ()))) for s in composed.issue.sections)
    issue = replace(composed.issue, sections=sections)
    for problem in problems:
        log.warning("%s", problem)
    return replace(composed, issue=issue), tuple(problems)
