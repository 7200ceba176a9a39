"""Write the replay's report: ``report.json``, ``calls.csv``, ``index.html``, three charts, a summary.

The same data and version give the same bytes: no clock, fixed seeds, sorted
keys, rounded floats, PNGs without metadata.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

from newsletter import __version__
from newsletter.atomic import atomic_write_bytes, atomic_write_text
from newsletter.lens_weights import FILE_NAME as WEIGHTS_FILE
from newsletter.replay import lens_report, stats
from newsletter.replay.lens_report import lens_lines, lenses_csv, weights_file
from newsletter.replay.run import Replay
from newsletter.replay.stats import pct as _pct
from newsletter.rounding import signed, signed_percent
from newsletter.sections import regime as regime_section

BANNER = ("Hypothetical: built after the fact from the rules of newsletter {version}, "
          "not a live record.")


def build_report(replay: Replay) -> dict:
    """Every figure the page, the JSON and the summary show."""
    graded = sorted(replay.graded, key=lambda g: (g.call.made_on, g.call.id))
    weeks = [(w.issue_date, w.asof) for w in replay.weeks]
    asofs = dict(weeks)
    base = stats.baseline(graded, weeks, replay.bars, replay.data_end)
    failures = Counter(f.split(":", 1)[0] for w in replay.weeks for f in w.failures)
    first_failure = {}
    for w in replay.weeks:
        for f in w.failures:
            first_failure.setdefault(f.split(":", 1)[0], f"{w.issue_date}: {f}")
    skipped = Counter(k for w in replay.weeks for k in w.skipped)
    points = stats.regime_reads(replay.weeks, replay.bars, replay.data_end,
                                regime_section.HORIZON_DAYS)
    return {
        "banner": BANNER.format(version=__version__),
        "version": __version__,
        "source": replay.source,
        "weeks": {"first": replay.start.isoformat(), "last": replay.end.isoformat(),
                  "count": len(replay.weeks)},
        "data_end": replay.data_end.isoformat(),
        "r_definition": stats.R_DEFINITION,
        "r_counted": stats.R_COUNTED,
        "overall": stats.record(graded).as_dict(),
        "by_section": {k: v.as_dict() for k, v in stats.by(graded, lambda g: g.call.origin).items()},
        "by_kind": {k: v.as_dict() for k, v in stats.by(graded, lambda g: g.call.direction).items()},
        "by_setup": {k: v.as_dict() for k, v in
                     stats.by(graded, lambda g: g.call.setup or g.call.origin).items()},
        "by_year": {k: v.as_dict() for k, v in stats.by(graded, lambda g: g.call.made_on.year).items()},
        "decided": decided_rows(graded),
        "baseline": {
            "what": ("the same number of calls, same ticker, direction, horizon and % distances to "
                     "target and stop, each made on a random replayed week (seed "
                     f"{stats.SEED}) with its trigger at that week's close"),
            "overall": stats.record(base).as_dict(),
            "by_section": {k: v.as_dict() for k, v in stats.by(base, lambda g: g.call.origin).items()},
            "decided": baseline_rows(base, graded),
        },
        "buy_and_hold": stats.buy_and_hold(graded, replay.bars, asofs, replay.data_end),
        "calibration": {
            "what": ("the regime read's stated confidence against the share of weeks SPY closed "
                     f"{regime_section.HORIZON_DAYS} days later on the side the read named"),
            "bins": [{"low": b.low, "high": round(b.high, 4), "n": b.n,
                      "stated": stats.rounded(b.stated), "realised": stats.rounded(b.realised)}
                     for b in stats.calibration(points)],
        },
        "section_failures": {k: {"weeks": n, "first": first_failure[k]}
                             for k, n in sorted(failures.items())},
        "held_back": {"calls": len(replay.held_back),
                      "what": ("a week's section would have repeated a trade whose earlier call, "
                               "on the same ticker and direction, was still open; as in a live "
                               "build no new call was made, so each position counts once")},
        "repeated_in_issue": {"calls": sum(w.repeated for w in replay.weeks),
                              "what": ("a section's call was the same trade, on the same ticker "
                                       "and direction, as the call of a section printed before it "
                                       "in the same issue; as in a live build it was made once")},
        "sections_skipped": dict(sorted(skipped.items())),
        "sections_without_data": {k: list(v) for k, v in sorted(replay.no_data.items())},
        "cumulative_r": _cumulative(graded),
        "lenses": lens_report.part(replay),
    }


def _cumulative(graded) -> list[list]:
    total, out = 0.0, []
    for g in graded:
        r = stats.r_multiple(g)
        if r is not None:
            total += r
            out.append([g.call.made_on.isoformat(), stats.rounded(total)])
    return out


DECIDED = ("hit", "stopped", "expired")


def decided_rows(graded, keep_order: bool = False) -> list[list]:
    """``[decided on, setup (or section), outcome, R, ticker]`` for each decided call, by date
    (``keep_order``: in the order given): what lets an issue quote only the record known at its
    own as-of, and say how many names it pools and how many were the call's own
    (:func:`newsletter.replay.record.setup_record`)."""
    rows = [[g.date.isoformat(), g.call.setup or g.call.origin, stats.outcome(g),
             stats.rounded(stats.r_multiple(g)), g.call.ticker] for g in _decided(graded)]
    return rows if keep_order else sorted(rows, key=lambda row: (row[0], row[1], row[4]))


def baseline_rows(base, graded) -> list[list]:
    """:func:`decided_rows` of the random-week calls (:func:`~newsletter.replay.stats.baseline`),
    each dated by the later of its own decision and the making of the real call it copies: its
    target and stop distances are that call's, not known before it was made, so an issue quotes
    it only from then (:func:`newsletter.replay.record.setup_record`)."""
    made = {g.call.id: g.call.made_on for g in graded}
    rows = []
    for row, g in zip(decided_rows(base, keep_order=True), _decided(base), strict=True):
        source = made[stats.baseline_source(g.call.id)]
        if source.isoformat() > row[0]:
            row = [source.isoformat(), *row[1:]]
        rows.append(row)
    return sorted(rows, key=lambda row: (row[0], row[1], row[4]))


def _decided(graded) -> list:
    return [g for g in graded if stats.outcome(g) in DECIDED and g.date is not None]


def calls_csv(replay: Replay) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["made_on", "id", "section", "setup", "ticker", "direction", "trigger", "target",
                     "stop", "horizon", "outcome", "date", "price", "entry", "fill", "r", "reason"])
    for g in sorted(replay.graded, key=lambda g: (g.call.made_on, g.call.id)):
        c, r = g.call, stats.r_multiple(g)
        writer.writerow([c.made_on, c.id, c.origin, c.setup, c.ticker, c.direction, c.trigger,
                         c.target, c.stop, c.horizon, stats.outcome(g), g.date or "",
                         *("" if x is None else round(x, 4) for x in (g.price, g.entry, g.fill)),
                         "" if r is None else f"{r:.4f}", g.reason])
    return buffer.getvalue()


def _r(x: float | None) -> str:
    """"-0.26R"; "0.00R" for what prints as zero (:func:`newsletter.rounding.signed`)."""
    return "n/a" if x is None else f"{signed(x, 2)}R"


def record_line(rec: dict) -> str:
    """Each call counted once, the counts summing to the calls made; the hit rate's base named."""
    lo, hi = rec["interval_90"]
    decided = rec["hit"] + rec["failed"]
    live = rec["triggered"] - decided
    run = rec["worst_run"]
    return (f"{rec['made']} calls: {rec['hit']} hit, {rec['failed']} failed ({rec['stopped']} "
            f"stopped, {rec['expired']} expired), {rec['not_triggered']} never triggered, "
            f"{rec['open']} open{f' ({live} triggered)' if rec['open'] else ''}; "
            f"hit rate {_pct(rec['hit_rate'])} of {decided} decided "
            f"(90% {_pct(lo)} to {_pct(hi)}), {_r(rec['expectancy_r'])} a decided call, "
            f"worst run {run} {'loss' if run == 1 else 'losses'}")


def summary(report: dict) -> list[str]:
    """The lines printed to the terminal."""
    lines = [report["banner"],
             f"{report['weeks']['count']} Sundays, {report['weeks']['first']} to "
             f"{report['weeks']['last']}, data from {report['source']}",
             f"all:      {record_line(report['overall'])}"]
    for key, rec in report["by_section"].items():
        lines.append(f"{key + ':':<9} {record_line(rec)}")
    held = report.get("held_back", {}).get("calls", 0)
    if held:
        lines.append(f"held back: {held} {'call' if held == 1 else 'calls'} repeated a trade still "
                     "open from an earlier week "
                     "(one position, counted once)")
    repeated = report.get("repeated_in_issue", {}).get("calls", 0)
    if repeated:
        lines.append(f"made once: {repeated} {'call was' if repeated == 1 else 'calls were'} the "
                     "same trade as another section's call "
                     "in the same issue (one position, counted once)")
    lines.append(f"baseline: {record_line(report['baseline']['overall'])}")
    bh = report["buy_and_hold"]
    if bh["n"]:
        lines.append(f"buy and hold over the same {bh['n']} horizons: {signed_percent(100 * bh['mean_return'], 2)} "
                     f"on average, up {_pct(bh['positive_share'])} of the time")
    lines += lens_lines(report.get("lenses"))
    for key, info in report["section_failures"].items():
        weeks = f"{info['weeks']} week{'' if info['weeks'] == 1 else 's'}"
        lines.append(f"section failed: {key} in {weeks} (first {info['first']})")
    return lines


def _charts(report: dict, out: Path, workspace: Path | None) -> dict[str, str]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from newsletter.charts.style import styled

    names = {}

    def save(fig: Figure, name: str) -> None:
        buffer = io.BytesIO()
        FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
        atomic_write_bytes(out / name, buffer.getvalue())
        names[name.split(".")[0]] = name

    with styled(workspace) as palette:
        fig = Figure(figsize=(7.2, 3.2), dpi=100)
        ax = fig.add_subplot()
        series = report["cumulative_r"]
        if series:
            days = [dt.date.fromisoformat(d) for d, _ in series]
            ax.plot(days, [v for _, v in series], color=palette.accent, lw=1.6)
        ax.axhline(0, color=palette.neutral, lw=0.8)
        ax.set_title("Cumulative R (hypothetical)")
        ax.set_ylabel("R")
        fig.tight_layout()
        save(fig, "cumulative_r.png")

        fig = Figure(figsize=(7.2, 3.2), dpi=100)
        ax = fig.add_subplot()
        years = [(y, r) for y, r in report["by_year"].items() if r["hit_rate"] is not None]
        if years:
            xs = [int(y) for y, _ in years]
            ax.bar(xs, [100 * r["hit_rate"] for _, r in years], color=palette.avg50)
            for x, (_, r) in zip(xs, years, strict=True):
                n = r["hit"] + r["failed"]
                ax.annotate(f"n={n}", (x, 100 * r["hit_rate"]), ha="center", va="bottom", fontsize=7)
        ax.set_ylim(0, 105)
        ax.set_title("Hit rate by year (n on each bar)")
        ax.set_ylabel("%")
        fig.tight_layout()
        save(fig, "hit_rate_by_year.png")

        fig = Figure(figsize=(4.2, 4.2), dpi=100)
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], color=palette.neutral, lw=0.8, ls="--")
        bins = report["calibration"]["bins"]
        if bins:
            ax.scatter([b["stated"] for b in bins], [b["realised"] for b in bins],
                       s=[20 + 2 * min(b["n"], 200) for b in bins], color=palette.accent)
            for b in bins:
                ax.annotate(f"n={b['n']}", (b["stated"], b["realised"]), fontsize=7,
                            xytext=(4, 4), textcoords="offset points")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("stated confidence")
        ax.set_ylabel("realised share right")
        ax.set_title("Regime read calibration")
        fig.tight_layout()
        save(fig, "calibration.png")
        if report.get("lenses"):
            save(lens_report.calibration_chart(report["lenses"], palette), "lens_calibration.png")
    return names


def _html(report: dict, charts: dict[str, str]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("newsletter", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)
    env.filters["pct"] = _pct
    env.filters["r"] = _r
    env.filters["signed"] = signed
    env.filters["years"] = lens_report.years
    env.filters["why_equal"] = lens_report.why_equal
    env.filters["period_name"] = lambda p: p.replace("_", " ")
    return env.get_template("replay/report.html.j2").render(report=report, charts=charts)


def write_report(replay: Replay, out: Path, workspace: Path | None = None,
                 charts: bool = True) -> tuple[dict, dict[str, Path]]:
    """Write the report files into ``out``; return the report and the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    report = build_report(replay)
    files = {"report.json": out / "report.json", "calls.csv": out / "calls.csv",
             "index.html": out / "index.html"}
    atomic_write_text(files["report.json"],
                      json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    atomic_write_text(files["calls.csv"], calls_csv(replay))
    if report["lenses"]:
        files["lenses.csv"] = out / "lenses.csv"
        atomic_write_text(files["lenses.csv"], lenses_csv(replay, report))
        weights = weights_file(report)
        if weights is not None:
            files[WEIGHTS_FILE] = out / WEIGHTS_FILE
            atomic_write_text(files[WEIGHTS_FILE], weights)
    if WEIGHTS_FILE not in files:
        (out / WEIGHTS_FILE).unlink(missing_ok=True)  # never leave an earlier replay's weights beside
    names = _charts(report, out, workspace) if charts else {}
    atomic_write_text(files["index.html"], _html(report, names))
    files.update({n: out / n for n in names.values()})
    return report, files
