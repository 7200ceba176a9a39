"""The calls ledger: every issue stores its calls; later issues grade them from prices.

A short call "closes below ``trigger``, then reaches ``target`` before ``stop``":
the trigger is a close through the level; after it, a low at or under the target
is a hit and a high at or over the stop a failure. When both happen on the same
bar we cannot know the order inside the day and grade it a failure (the honest
side). Longs mirror this. A call whose horizon passes undecided has failed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from newsletter.atomic import atomic_write_text
from newsletter.model import Call, GradedCall

CALLS_FILE = "calls.json"


def call_to_json(call: Call) -> dict:
    data = {
        "id": call.id, "ticker": call.ticker, "direction": call.direction,
        "trigger": call.trigger, "target": call.target, "stop": call.stop,
        "horizon": call.horizon.isoformat(), "origin": call.origin,
        "made_on": call.made_on.isoformat(), "text": call.text, "setup": call.setup,
    }
    if call.setup:  # older calls.json files have no setup; readers default it to ""
        data["setup"] = call.setup
    return data


def call_from_json(data: dict) -> Call:
    return Call(
        id=data["id"], ticker=data["ticker"], direction=data["direction"],
        trigger=float(data["trigger"]), target=float(data["target"]), stop=float(data["stop"]),
        horizon=dt.date.fromisoformat(data["horizon"]), origin=data["origin"],
        made_on=dt.date.fromisoformat(data["made_on"]), text=data.get("text", ""),
        setup=data.get("setup", ""),
    )


def save_calls(folder: Path, calls: tuple[Call, ...] | list[Call]) -> Path:
    path = folder / CALLS_FILE
    atomic_write_text(path, json.dumps([call_to_json(c) for c in calls], indent=1) + "\n")
    return path


def load_calls(folder: Path) -> list[Call]:
    path = folder / CALLS_FILE
    if not path.is_file():
        return []
    return [call_from_json(d) for d in json.loads(path.read_text(encoding="utf-8"))]


def earlier_calls(output_dir: Path, issue_date: dt.date) -> list[Call]:
    """Every call stored by an issue dated before ``issue_date``, oldest first."""
    calls: list[Call] = []
    if not output_dir.is_dir():
        return calls
    for folder in sorted(output_dir.iterdir()):
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if day < issue_date:
            calls.extend(load_calls(folder))
    return calls


def grade_call(call: Call, bars: pd.DataFrame | None, asof: dt.date) -> GradedCall:
    """Grade one call from the bars after it was made, up to ``asof`` and its horizon."""
    if bars is None or bars.empty:
        return GradedCall(call, "open", reason="no prices to grade it with")
    after = bars.loc[(bars.index > pd.Timestamp(call.made_on))
                     & (bars.index <= pd.Timestamp(min(asof, call.horizon)))]
    short = call.direction == "short"
    triggered = False
    for stamp, bar in after.iterrows():
        day = stamp.date()
        if not triggered:
            triggered = bar["Close"] < call.trigger if short else bar["Close"] > call.trigger
            if triggered:
                # the trigger bar's own low/high counts only after the close confirmed it
                continue
            continue
        hit_target = bar["Low"] <= call.target if short else bar["High"] >= call.target
        hit_stop = bar["High"] >= call.stop if short else bar["Low"] <= call.stop
        if hit_stop:
            extreme = float(bar["High"] if short else bar["Low"])
            why = "stop and target on the same day: graded as stopped" if hit_target else "stopped out"
            return GradedCall(call, "failed", day, extreme, why)
        if hit_target:
            return GradedCall(call, "hit", day, float(bar["Low"] if short else bar["High"]), "target hit")
    last_close = float(after["Close"].iloc[-1]) if not after.empty else None
    last_day = after.index[-1].date() if not after.empty else None
    if asof >= call.horizon:
        why = "horizon passed without the target" if triggered else "horizon passed without the trigger"
        return GradedCall(call, "failed", last_day, last_close, why)
    status = f"triggered, last {last_close:,.2f}" if triggered and last_close is not None else (
        f"not triggered yet, last {last_close:,.2f}" if last_close is not None else "not triggered yet")
    return GradedCall(call, "open", last_day, last_close, f"{status}, horizon {call.horizon:%b} {call.horizon.day}")


def grade_calls(calls: list[Call], bars: dict[str, pd.DataFrame], asof: dt.date) -> list[GradedCall]:
    return [grade_call(c, bars.get(c.ticker), asof) for c in calls]
