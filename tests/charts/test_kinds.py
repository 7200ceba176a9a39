"""Every chart kind, drawn from synthetic data: size, pixel size, opacity, not blank, SAMPLE stamp."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from newsletter.charts.breadth import breadth_chart
from newsletter.charts.candles import candle_chart
from newsletter.charts.event_study import event_study_chart
from newsletter.charts.gamma import gamma_chart
from newsletter.charts.iv_term import iv_term_chart
from newsletter.charts.open_interest import open_interest_chart
from newsletter.charts.ratio import ratio_chart
from newsletter.charts.returns import returns_chart
from newsletter.model import Chart
from tests.charts import factories as f
from tests.charts.images import assert_chart_png, texts

Draw = Callable[[Path, bool], Chart]


def _candles(out: Path, sample: bool) -> Chart:
    bars = f.breakdown_bars()
    return candle_chart(out, bars=bars, ticker="TSLA", levels=f.breakdown_levels(bars),
                        sample=sample)


def _ratio(out: Path, sample: bool) -> Chart:
    lead, base = f.pair()
    return ratio_chart(out, numerator=lead, denominator=base, sample=sample)


def _returns(out: Path, sample: bool) -> Chart:
    return returns_chart(out, returns=f.weekly_returns(), asof=f.ASOF, indices={"SPY", "QQQ"},
                         sample=sample)


def _open_interest(out: Path, sample: bool) -> Chart:
    return open_interest_chart(out, chain=f.chain(263.0), price=263.0, ticker="TSLA",
                               asof=f.ASOF, sample=sample)


def _event_study(out: Path, sample: bool) -> Chart:
    return event_study_chart(out, rows=f.edge_rows(), asof=f.ASOF, title="SPY after a streak",
                             sample=sample)


def _gamma(out: Path, sample: bool) -> Chart:
    strikes = [240.0, 250.0, 260.0, 270.0, 280.0]
    return gamma_chart(out, strikes=strikes, net=[-4e7, -2e7, 5e6, 3e7, 1e7], price=263.0,
                       ticker="TSLA", asof=f.ASOF, flip=257.5, regime="positive", sample=sample)


def _iv_term(out: Path, sample: bool) -> Chart:
    expiries = [dt.date(2026, 11, 27), dt.date(2026, 12, 18), dt.date(2027, 1, 15)]
    return iv_term_chart(out, expiries=expiries, days=[7, 28, 56], ivs=[13.6, 14.3, 14.8],
                         realised=13.0, ticker="SPY", asof=f.ASOF, sample=sample)


def _breadth(out: Path, sample: bool) -> Chart:
    pct, ad = f.breadth_lines()
    return breadth_chart(out, pct_above_200d=pct, ad_line=ad, universe="the Dow 30", members=30,
                         sample=sample)


KINDS: dict[str, Draw] = {
    "breadth": _breadth,
    "gamma": _gamma,
    "iv_term": _iv_term,
    "candles": _candles,
    "ratio": _ratio,
    "returns": _returns,
    "open_interest": _open_interest,
    "event_study": _event_study,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_chart_png_is_small_retina_opaque_and_not_blank(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.png"
    chart = KINDS[kind](out, False)
    assert chart.kind == kind
    assert chart.width == 600
    assert_chart_png(out, chart)
    assert "SAMPLE" not in chart.alt


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_sample_data_is_stamped_on_the_image_and_in_the_alt_text(
        kind: str, tmp_path: Path, figures: list) -> None:
    plain = assert_chart_png(tmp_path / "plain.png", KINDS[kind](tmp_path / "plain.png", False))
    chart = KINDS[kind](tmp_path / "sample.png", True)
    stamped = assert_chart_png(tmp_path / "sample.png", chart)
    assert chart.alt.startswith("SAMPLE DATA")
    assert texts(figures[-1]).count("SAMPLE DATA") == 2  # header tag and watermark
    changed = np.any(plain[..., :3] != stamped[..., :3], axis=2).mean()
    assert changed > 0.02, f"only {changed:.1%} of pixels differ with the stamp"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_title_and_as_of_date_are_on_the_chart(kind: str, tmp_path: Path, figures: list) -> None:
    KINDS[kind](tmp_path / "c.png", False)
    fig = figures[-1]
    assert "as of Nov 20, 2026" in texts(fig)
    titles = [t for t in fig.texts if t.get_fontsize() >= 14 and t.get_fontweight() == "bold"]
    assert len(titles) == 1 and titles[0].get_text()


def _negative_gamma(out: Path, sample: bool) -> Chart:
    strikes = [240.0, 250.0, 260.0, 270.0, 280.0]
    return gamma_chart(out, strikes=strikes, net=[-4e7, -2e7, -5e6, 3e6, 1e6], price=263.0,
                       ticker="TSLA", asof=dt.date(2026, 9, 30), flip=271.0, regime="negative",
                       sample=sample)


@pytest.mark.parametrize("kind", sorted([*KINDS, "negative_gamma"]))
def test_no_chart_text_is_cut_with_an_ellipsis(kind: str, tmp_path: Path, figures: list) -> None:
    """Every issue's candle, IV-term and gamma charts printed their subtitle cut ("6 months ·
    50- and 200-day avera…", "$ per 1% move, all expiries · nega…"): too long to sit whole
    beside the as-of date at 600 px."""
    draw = _negative_gamma if kind == "negative_gamma" else KINDS[kind]
    draw(tmp_path / "c.png", False)
    cut = [t for t in texts(figures[-1]) if "…" in t]
    assert not cut, cut
