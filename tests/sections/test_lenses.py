"""🧩 Three Minds: the lenses in a line each, the disagreement, one call only at the minimum confidence."""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsletter.analysis.lenses import LensRead, Signal
from newsletter.analysis.synthesis import synthesize
from newsletter.model import Section
from newsletter.sections import SECTION_MODULES, edge, lenses
from newsletter.sections.base import Context, SectionDataMissing
from newsletter.sections.lenses import LensesData
from newsletter.trade_plan import stated_confidence
from tests.analysis.factories import make_bars
from tests.sections.factories import context, render

N = 300


def _ending(last: float, first: float = 100.0):
    return make_bars([first] * (N - 1) + [last], spread=1.0)


def _market() -> dict:
    """Macro up (the 10-year down 0.5 points), flow up (IWM +4 on SPY), contrarian flat (SPY still):
    two of three lenses up, synthesis confidence exactly 3/5."""
    return {"^TNX": _ending(3.5, 4.0), "SPY": _ending(100.0), "IWM": _ending(104.0)}


def _build(bars, **config):
    ctx = context(bars, sections={"lenses": True}, **config)
    built = lenses.build(ctx)
    return ctx, built, render(ctx, built.section)


def test_two_of_three_up_makes_one_long_call_stating_its_confidence() -> None:
    ctx, built, text = _build(_market())
    d = built.section.data
    assert [r.direction for r in d.reads] == ["up", "up", "flat"]
    assert (d.synthesis.direction, d.synthesis.confidence) == ("up", 0.6)
    assert d.plan is not None and d.plan.ok and built.calls == (d.call,)
    assert (d.call.direction, d.call.setup, d.call.origin) == ("long", "synthesis", "lenses")
    assert stated_confidence(d.call.text) == 0.6  # what the replay's calibration reads
    assert "🎯 One call, confidence 0.60: $SPY over" in text and "**R/R 2.2 to 1**" in text


@pytest.mark.parametrize(("just_under", "calls"), [(False, True), (True, False)])
def test_the_call_needs_the_minimum_confidence(just_under: bool, calls: bool) -> None:
    """Confidence exactly at ``lenses.min_confidence`` calls; a hair under it does not."""
    minimum = 0.6 if not just_under else math.nextafter(0.6, 1.0)
    ctx, built, text = _build(_market(), lenses={"min_confidence": minimum})
    assert bool(built.calls) is calls
    if not calls:
        assert built.section.data.held_back == "unsure"
        assert "No call this week: confidence 0.60 is under the 0.60 a call needs." in text


def test_a_plan_failing_the_rules_makes_no_call() -> None:
    from newsletter.config import CallsConfig
    ctx, built, text = _build(_market(), calls=CallsConfig(min_reward_risk=2.5))
    assert built.calls == () and built.section.data.held_back == "plan"
    assert "No call this week: R/R 2.20 under 2.5." in text


def test_weights_can_silence_a_lens_and_with_it_the_call() -> None:
    """Macro weighted 0: flow's up alone is 1.5 of 3, no strict majority."""
    ctx, built, text = _build(_market(), lenses={"weights": {"macro": 0.0}})
    assert built.section.data.synthesis.direction == "flat" and built.calls == ()
    assert "the minds don't agree enough" in text


def test_each_lens_in_one_line_with_its_missing_inputs_named() -> None:
    ctx, built, text = _build(_market())
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 3
    assert lines[0].startswith("- 🟢 **Macro: up**, confidence 0.67 (1 of 1 inputs agree): 10-year yield")
    assert "Not read: dollar (DX-Y.NYB)" in lines[0]
    assert lines[2].startswith("- ⚪ **Contrarian: flat**, no majority either way (0 up, 0 down, "
                               "1 neither)")


# Found on the sample market with Three Minds on (2026-12-06): "⚪ **Flow: flat**, confidence 0.50
# (1 up, 2 down, 1 neither)" and "**Synthesis: FLAT**, confidence 0.20": a flat read states
# nothing (the replay grades only up and down reads), yet it printed a confidence a reader takes
# for how sure the newsletter is that the market goes nowhere.

def test_a_flat_read_states_no_confidence() -> None:
    ctx, built, text = _build(_market(), lenses={"weights": {"macro": 0.0}})
    assert built.section.data.synthesis.direction == "flat"
    assert "**Synthesis: FLAT**, no majority of the weight either way (weights" in text, text
    assert not re.search(r"flat\*\*, confidence|FLAT\*\*, confidence", text), text


def test_no_input_at_all_is_missing_data() -> None:
    ctx = context({"AAPL": _ending(100.0)}, sections={"lenses": True})
    with pytest.raises(SectionDataMissing, match="the three lenses"):
        lenses.build(ctx)


def _read(name: str, direction: str, reason: str) -> LensRead:
    vote = {"up": 1, "down": -1, "flat": 0}[direction]
    return LensRead(name, direction, 0.6, (reason,), (name,), (), (Signal(name, vote, reason),), (name,))


def _render_reads(*reads: LensRead) -> str:
    s = synthesize(reads)
    by = {r.name: r for r in reads}
    data = LensesData(tuple(reads), s, tuple(by[n] for n in s.agree), tuple(by[n] for n in s.disagree),
                      0.6, None, None, "flat")
    ctx = context(_market())
    return render(ctx, Section(key="lenses", emoji="🧩", title="Three Minds", data=data))


def test_the_disagreement_in_one_sentence() -> None:
    text = _render_reads(_read("macro", "up", "10-year yield -0.50"), _read("flow", "up", "IWM +4"),
                         _read("contrarian", "down", "$SPY RSI(14) 74"))
    assert ("**Where they disagree:** macro and flow read up, contrarian reads down "
            "($SPY RSI(14) 74).") in text


def test_no_disagreement_sentence_when_none_opposes() -> None:
    text = _render_reads(_read("macro", "up", "a"), _read("flow", "up", "b"), _read("contrarian", "flat", "c"))
    assert "Where they disagree" not in text


def test_the_section_sits_after_edge_and_is_off_by_default() -> None:
    assert SECTION_MODULES.index(lenses) == SECTION_MODULES.index(edge) + 1
    from newsletter.config import Config
    assert Config().sections.lenses is False


@lru_cache(maxsize=1)
def _sample() -> Context:
    from newsletter.build import gather
    from newsletter.workspace import Workspace
    issue = dt.date(2026, 11, 22)
    ws = Workspace.open(Path(tempfile.mkdtemp(prefix="lenses-sample-")))
    draft = gather(ws, source="sample", issue_date=issue)
    return Context(config=ws.config, snapshot=draft.snapshot, notes=draft.notes, issue_date=issue)


def test_the_sample_market_builds_and_renders_every_lens() -> None:
    ctx = _sample()
    built = lenses.build(ctx)
    d = built.section.data
    assert [r.name for r in d.reads] == ["macro", "flow", "contrarian"]
    flow = d.reads[1]
    assert "dealer gamma" in flow.inputs_used and "breadth" in flow.inputs_used  # chain and watchlist read
    assert all(0 < r.confidence < 1 for r in d.reads)
    text = render(ctx, built.section)
    assert text.count("\n- ") == 3 and "**Synthesis:" in text
    assert ("🎯 One call" in text) is bool(built.calls)
    assert not np.isnan(d.synthesis.confidence)


@pytest.mark.parametrize("weights", [{"macro": -1.0}, {"macro": 0.0, "flow": 0.0, "contrarian": 0.0},
                                     {"sentiment": 1.0}])
def test_lens_weights_are_checked(weights: dict) -> None:
    from pydantic import ValidationError

    from newsletter.config import LensesConfig
    with pytest.raises(ValidationError):
        LensesConfig(weights=weights)


def test_one_lens_at_zero_weight_is_allowed() -> None:
    from newsletter.config import LensesConfig
    assert LensesConfig(weights={"macro": 0.0}).weights == {"macro": 0.0}


def _weights_file(folder: Path, changes: dict[str, str] | None = None) -> Path:
    from newsletter.lens_weights import lens_weights_json
    text = lens_weights_json({"macro": 0.0, "flow": 0.7, "contrarian": 0.3},
                             (dt.date(2000, 10, 22), dt.date(2012, 12, 16)),
                             (dt.date(2013, 1, 6), dt.date(2022, 11, 13), 312, 580),
                             what="test", version="0", source="csv:x")
    for old, new in (changes or {}).items():
        assert old in text
        text = text.replace(old, new, 1)
    path = folder / "lens_weights.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_weights_come_from_the_replays_file_and_the_synthesis_states_its_record(tmp_path) -> None:
    """Macro weighted 0 by the file: flow's up alone is 0.7 of 1 scaled to 2.1 of 3, a majority."""
    path = _weights_file(tmp_path)
    ctx, built, text = _build(_market(), lenses={"weights": str(path)})
    d = built.section.data
    assert dict(d.synthesis.weights) == pytest.approx({"macro": 0.0, "flow": 2.1, "contrarian": 0.9})
    assert d.synthesis.direction == "up"
    assert d.record == "synthesis: 312 of 580 right out of sample 2013–2022 (replay, hypothetical)"
    assert ("fitted on the replay, synthesis: 312 of 580 right out of sample 2013–2022 "
            "(replay, hypothetical))") in text


def test_without_a_file_the_weights_are_equal_and_no_record_is_claimed() -> None:
    ctx, built, text = _build(_market())
    assert dict(built.section.data.synthesis.weights) == {"macro": 1.0, "flow": 1.0, "contrarian": 1.0}
    assert built.section.data.record == "" and "untested until fitted on the replay" in text


def _load(workspace: Path, weights: str):
    from newsletter.config import load_config
    (workspace / "newsletter.yaml").write_text(f"lenses:\n  weights: {weights}\n", encoding="utf-8")
    return load_config(workspace)


def test_the_config_names_the_file_relative_to_the_workspace(tmp_path) -> None:
    _weights_file(tmp_path)
    config = _load(tmp_path, "lens_weights.json")
    assert config.lenses.weights == str((tmp_path / "lens_weights.json").resolve())


@pytest.mark.parametrize(("changes", "where"), [
    ({'"flow": 0.7': '"flow": -0.7'}, "lens_weights.json:14: weights: the flow weight must be finite"),
    ({'"flow": 0.7,': ""}, "lens_weights.json:14: weights: no weight for flow"),
    ({'"right": 312': '"right": 600'}, "lens_weights.json:6: out_of_sample: right (600) is more than of (580)"),
    ({'"of": 580': '"of": "many"'}, "lens_weights.json:8: out_of_sample.of"),
    ({'"to": "2022-11-13"': '"to": "last year"'}, "lens_weights.json:10: out_of_sample.to"),
    ({"{": "["}, "lens_weights.json:20: invalid YAML"),
    ({'"weights": {': '"weights": ['}, "lens_weights.json:"),
])
def test_a_malformed_weights_file_is_one_line_naming_file_and_key(tmp_path, changes, where) -> None:
    from newsletter.errors import NewsletterError
    _weights_file(tmp_path, changes)
    with pytest.raises(NewsletterError) as caught:
        _load(tmp_path, "lens_weights.json")
    line = caught.value.one_line()
    assert line.startswith(where) and "\n" not in line


def test_a_missing_weights_file_names_the_key(tmp_path) -> None:
    from newsletter.errors import NewsletterError
    with pytest.raises(NewsletterError, match=r"^replay/lens_weights.json: lenses.weights: no lens"):
        _load(tmp_path, "replay/lens_weights.json")


# READER.md (seed 003's honesty): "stated confidence, which signals agree". The sample's Three
# Minds read "Flow: flat, confidence 0.50 (1 up, 2 down, 1 neither): IWM vs SPY -8.1 points over
# a month; negative gamma: moves tend to extend; 83% of the Dow 30 above their 200-day; offensive
# vs defensive sectors +0.6 points over a month": which input voted which way was left to the
# reader. Each reading now says its vote.

def test_each_input_says_which_way_it_voted() -> None:
    readings = ("IWM vs SPY -8.1 points over a month", "negative gamma: moves tend to extend",
                "83% of the Dow 30 above their 200-day", "offense vs defense +0.6 points over a month")
    signals = (Signal("size", -1, readings[0]), Signal("gamma", -1, readings[1]),
               Signal("breadth", 1, readings[2]), Signal("rotation", 0, readings[3]))
    flow = LensRead("flow", "flat", 0.5, readings, tuple(s.name for s in signals), (), signals,
                    ("size", "gamma"))
    text = _render_reads(_read("macro", "up", "a"), flow, _read("contrarian", "flat", "c"))
    assert ("(1 up, 2 down, 1 neither): IWM vs SPY -8.1 points over a month (down); negative "
            "gamma: moves tend to extend (down); 83% of the Dow 30 above their 200-day (up); "
            "offense vs defense +0.6 points over a month (neither).") in text, text
    assert "- 🟢 **Macro: up**, confidence 0.60 (1 of 1 inputs agree): a (up)." in text


def test_the_vix_range_reads_without_nested_brackets() -> None:
    from newsletter.analysis.lenses import contrarian_lens
    from tests.analysis.factories import sessions

    vix = pd.Series([20.0] * 200 + [30.0] * 50 + [14.0], index=sessions(251), dtype=float)
    (reading,) = [x for x in contrarian_lens(vix=vix).reasons if x.startswith("VIX")]
    assert reading == "VIX 14.0 at 0.0% of its 1-year range, 14.0 to 30.0", reading
