"""The lenses' part of the replay's report: report.json's ``lenses``, the terminal lines,
lenses.csv, lens_weights.json and the calibration chart (figures from :mod:`.lenses`)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from newsletter.lens_weights import FILE_NAME as WEIGHTS_FILE
from newsletter.lens_weights import lens_weights_json
from newsletter.replay import lenses as lens_record
from newsletter.replay.run import Replay
from newsletter.replay.stats import pct as _pct


def part(replay: Replay) -> dict | None:
    """Both periods per lens and synthesis, and the weights fitted in sample (None: lenses off)."""
    weeks = lens_record.lens_weeks(replay.weeks, replay.bars, replay.data_end)
    if not weeks:
        return None
    figures = lens_record.lens_report(weeks)
    figures["lacks"] = lens_record.lacks_line(figures["inputs"])
    both = all(figures["periods"][p]["weeks"] for p in lens_record.PERIODS)
    figures["weights_file"] = WEIGHTS_FILE if both else None
    return figures


def weights_file(report: dict) -> str | None:
    """lens_weights.json's text, or None when the replay does not reach both sides of the split."""
    part = report.get("lenses")
    if not part or not part["weights_file"]:
        return None
    fit, out = part["periods"]["in_sample"], part["periods"]["out_of_sample"]
    record = part["rows"][lens_record.SYNTHESIS]["out_of_sample"]
    return lens_weights_json(
        part["weights"], (dt.date.fromisoformat(fit["from"]), dt.date.fromisoformat(fit["to"])),
        (dt.date.fromisoformat(out["from"]), dt.date.fromisoformat(out["to"]), record["right"],
         record["stated"]),
        what=(f"Lens weights fitted by `newsletter replay` on the reads graded on or before "
              f"{part['split']}; out_of_sample is the synthesis with these weights on the reads made "
              "after it. Hypothetical: built after the fact, not a live record."),
        version=report["version"], source=report["source"])


def lenses_csv(replay: Replay, report: dict) -> str:
    buffer = io.StringIO()
    weeks = lens_record.lens_weeks(replay.weeks, replay.bars, replay.data_end)
    csv.writer(buffer, lineterminator="\n").writerows(
        lens_record.csv_rows(weeks, report["lenses"]["weights"]))
    return buffer.getvalue()


def lens_lines(part: dict | None) -> list[str]:
    """The lenses' record in and out of sample, and the weights, for the terminal."""
    if not part:
        return []
    p = part["periods"]
    lines = [f"lenses and synthesis (hypothetical): weights fitted on {years(p['in_sample'])} "
             f"({p['in_sample']['weeks']} weeks graded by {part['split']}); "
             f"{years(p['out_of_sample'])} out of sample ({p['out_of_sample']['weeks']} weeks); "
             f"{INSTRUMENT_LINE.format(**part)}",
             "fitted weights: " + ", ".join(f"{n} {w:.3f}" for n, w in part["weights"].items())
             + ("" if part["fitted"] else f" (equal: {why_equal(part)})")]
    for row, periods in part["rows"].items():
        cells = [f"{where.replace('_', ' ')} {_hits(periods[where])}" for where in lens_record.PERIODS]
        lines.append(f"  {row + ':':<27}" + "; ".join(cells))
    return lines


def why_equal(part: dict) -> str:
    short = part["too_short"]
    if short:
        return (", ".join(f"{n} had {part['skill_in_sample'][n]['n']}" for n in short)
                + f" graded up/down reads in sample, under the {part['min_fit_n']} the fit needs")
    return "no lens beat chance in sample"


INSTRUMENT_LINE = "graded on {instrument} over {horizon_days} days"


def years(span: dict) -> str:
    """A period's years, "2000–2012" (or "no weeks")."""
    if not span.get("from"):
        return "no weeks"
    first, last = span["from"][:4], span["to"][:4]
    return first if first == last else f"{first}–{last}"


def _hits(rec: dict) -> str:
    lo, hi = rec["interval_90"]
    return (f"{rec['right']} of {rec['stated']} right ({_pct(rec['hit_rate'])}, 90% {_pct(lo)} to "
            f"{_pct(hi)}), {rec['flat']} flat")


def calibration_chart(part: dict, palette):
    """Stated confidence against realised hit rate, each lens and the synthesis, in sample hollow,
    out of sample filled, the marker's area growing with n."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.2, 4.2), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color=palette.neutral, lw=0.8, ls="--")
    colours = {"macro": palette.avg200, "flow": palette.avg50, "contrarian": palette.down,
               lens_record.SYNTHESIS: palette.accent}
    for row, colour in colours.items():
        for where in lens_record.PERIODS:
            bins = part["rows"][row][where]["calibration"]
            if not bins:
                continue
            inside = where == "in_sample"
            ax.scatter([b["stated"] for b in bins], [b["realised"] for b in bins],
                       s=[20 + min(b["n"], 300) for b in bins], edgecolors=colour, linewidths=1.4,
                       facecolors="none" if inside else colour,
                       label=f"{row}, {'in' if inside else 'out of'} sample")
    ax.set_xlim(0.4, 1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("stated confidence")
    ax.set_ylabel("realised share right")
    ax.set_title(f"Lenses: fitted {years(part['periods']['in_sample'])}, "
                 f"out of sample {years(part['periods']['out_of_sample'])}", fontsize=9)
    ax.legend(fontsize=6, loc="upper left", markerscale=0.6)
    fig.tight_layout()
    return fig
