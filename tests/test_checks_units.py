"""Every publishing check on a hand-made issue folder, at its edges, in milliseconds.

tests/test_checks.py and tests/test_checks_boundaries.py check built issues end to end;
these pin each rule of :mod:`newsletter.checks` and the line it writes on small inputs
(a folder of five files, a snapshot of a few bars), so a changed comparison or message
fails fast (they are the mutation run's selection, docs/mutation.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from newsletter.checks import (
    DEFAULT,
    GMAIL_CLIP_KB,
    CheckReport,
    _charts,
    _email_links,
    _email_size,
    _fresh,
    _preheader,
    _validation,
    before_send,
    expected_asof,
    key_last_bar,
    last_bars,
    run_checks,
    stale_note,
    stale_reason,
    stale_since,
    stale_tickers,
)
from newsletter.email_html import html_size_report
from newsletter.model import Snapshot
from newsletter.presend import CheckItem
from newsletter.validate import Finding, Validation
from tests.publish.test_pipeline_factories import make_workspace

NY = ZoneInfo("America/New_York")
SUNDAY = dt.date(2026, 11, 22)
FRIDAY, THURSDAY, WEDNESDAY = dt.date(2026, 11, 20), dt.date(2026, 11, 19), dt.date(2026, 11, 18)
SUNDAY_EVENING = dt.datetime(2026, 11, 22, 20, tzinfo=NY)
KEYS = ("SPY", "QQQ")


def bars(last: dt.date, count: int = 3) -> pd.DataFrame:
    days = pd.bdate_range(end=pd.Timestamp(last), periods=count)
    return pd.DataFrame({c: 100.0 for c in ("Open", "High", "Low", "Close", "Adj Close", "Volume")},
                        index=pd.DatetimeIndex(days, name="Date"))


def snapshot(lasts: dict[str, dt.date], failed: dict[str, str] | None = None, **kw) -> Snapshot:
    return Snapshot("csv:test", FRIDAY, {t: bars(d) for t, d in lasts.items()}, failed=failed or {}, **kw)


# the report


def test_a_report_passes_only_when_every_item_passes_and_says_why_not() -> None:
    good = CheckReport((CheckItem("a", True, "fine"), CheckItem("b", True, "fine")))
    assert good.ok and good.reasons == [] and good.summary() == "all 2 checks passed"
    held = CheckReport((CheckItem("a", False, "x"), CheckItem("b", True, "y"), CheckItem("c", False, "z")))
    assert not held.ok
    assert held.reasons == ["a: x", "c: z"]
    assert held.summary() == "held: a: x; c: z"


# staleness: one definition


def test_the_expected_session_is_the_issues_friday_or_the_last_one_closed_by_now() -> None:
    assert expected_asof(SUNDAY, SUNDAY_EVENING) == FRIDAY
    friday_noon = dt.datetime(2026, 11, 20, 12, tzinfo=NY)
    assert expected_asof(SUNDAY, friday_noon) == THURSDAY  # Friday's session is not over
    assert expected_asof(SUNDAY, SUNDAY_EVENING, (FRIDAY,)) == THURSDAY
    assert expected_asof(SUNDAY) == FRIDAY  # now: long after that Sunday
    monday_evening = dt.datetime(2026, 11, 23, 20, tzinfo=NY)  # the issue's side binds
    assert expected_asof(SUNDAY, monday_evening, (FRIDAY,)) == THURSDAY
    friday_evening = dt.datetime(2026, 11, 20, 20, tzinfo=NY)  # the clock's side binds
    assert expected_asof(dt.date(2026, 11, 29), friday_evening, (FRIDAY,)) == THURSDAY


@pytest.mark.parametrize("last, stale", [(THURSDAY, True), (FRIDAY, False), (SUNDAY, False)])
def test_a_ticker_is_stale_when_its_last_bar_is_before_the_session(last: dt.date, stale: bool) -> None:
    assert stale_tickers({"SPY": last}, FRIDAY) == ({"SPY": last} if stale else {})


def test_the_stale_note_counts_sessions_and_reads_back() -> None:
    one = stale_note(THURSDAY, FRIDAY, 1)
    assert one == "stale: last bar 2026-11-19, 1 session before the as-of session 2026-11-20"
    two = stale_note(WEDNESDAY, FRIDAY, 2)
    assert two == "stale: last bar 2026-11-18, 2 sessions before the as-of session 2026-11-20"
    assert stale_since(one) == THURSDAY and stale_since(two + "; left out") == WEDNESDAY
    assert stale_since("") is None and stale_since(None) is None  # type: ignore[arg-type]
    assert stale_since("left out: no valid bar") is None
    assert stale_since("stale: last bar 2026-11-1999") is None


def test_last_bars_come_from_the_bars_or_from_a_stale_note() -> None:
    snap = snapshot({"SPY": FRIDAY, "QQQ": THURSDAY},
                    failed={"IWM": stale_note(WEDNESDAY, FRIDAY, 2), "DIA": "no data"})
    snap.bars["EMPTY"] = bars(FRIDAY).iloc[:0]
    assert last_bars(snap) == {"SPY": FRIDAY, "QQQ": THURSDAY, "IWM": WEDNESDAY}
    assert last_bars(snap, ["QQQ", "IWM", "DIA", "NONE"]) == {"QQQ": THURSDAY, "IWM": WEDNESDAY}
    assert list(last_bars(snap, ["IWM", "SPY", "IWM"])) == ["IWM", "SPY"]


def test_the_key_last_bar_is_the_oldest_key_and_else_the_oldest_of_all() -> None:
    snap = snapshot({"SPY": FRIDAY, "QQQ": THURSDAY, "XLK": WEDNESDAY})
    assert key_last_bar(snap, KEYS) == THURSDAY
    assert key_last_bar(snap) == FRIDAY  # the default key: SPY
    assert key_last_bar(snap, ("DIA",)) == WEDNESDAY  # no key there: every ticker
    assert key_last_bar(snapshot({}), KEYS) is None


def test_stale_reason_judges_the_keys_and_names_each_stale_one() -> None:
    fresh = snapshot({"SPY": FRIDAY, "QQQ": FRIDAY, "XLK": WEDNESDAY})
    assert stale_reason(fresh, SUNDAY, SUNDAY_EVENING, keys=KEYS) is None  # XLK is no key
    one_behind = snapshot({"SPY": FRIDAY, "QQQ": THURSDAY})
    assert stale_reason(one_behind, SUNDAY, SUNDAY_EVENING, keys=KEYS) == (
        "the last bars are QQQ 2026-11-19; the last completed session is 2026-11-20")
    both = snapshot({"SPY": THURSDAY, "QQQ": THURSDAY})
    assert stale_reason(both, SUNDAY, SUNDAY_EVENING, keys=KEYS) == (
        "the last bar is 2026-11-19, the last completed session is 2026-11-20")
    apart = snapshot({"SPY": WEDNESDAY, "QQQ": THURSDAY})
    assert stale_reason(apart, SUNDAY, SUNDAY_EVENING, keys=KEYS) == (
        "the last bars are QQQ 2026-11-19, SPY 2026-11-18; the last completed session is 2026-11-20")
    assert stale_reason(one_behind, SUNDAY, SUNDAY_EVENING, (FRIDAY,), keys=KEYS) is None
    assert stale_reason(snapshot({}), SUNDAY, SUNDAY_EVENING, keys=KEYS) == "the snapshot holds no bars"
    no_keys = snapshot({"XLK": THURSDAY, "XLF": FRIDAY})
    assert stale_reason(no_keys, SUNDAY, SUNDAY_EVENING, keys=KEYS) == (
        "the last bars are XLK 2026-11-19; the last completed session is 2026-11-20")
    assert stale_reason(one_behind, SUNDAY, SUNDAY_EVENING) is None  # default key SPY is fresh
    thursday = snapshot({"SPY": THURSDAY})
    assert stale_reason(thursday, SUNDAY, FRIDAY_NOON) is None  # judged at the given clock


def test_freshness_is_the_key_index_not_the_freshest_ticker() -> None:
    snap = snapshot({"SPY": THURSDAY, "XLK": FRIDAY})
    assert stale_reason(snap, SUNDAY, SUNDAY_EVENING, keys=("SPY",)) is not None


# a hand-made issue folder


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory):
    return make_workspace(tmp_path_factory.mktemp("checks") / "ws")


PREHEADER = "Stocks fell for a third week; the 200-day held under SPY again."


def configured(ws, *, data=None, validation=None, email=None):
    """The workspace with config sections changed in code."""
    config = ws.config
    if validation is not None:
        data = {**(data or {}), "validation": config.data.validation.model_copy(update=validation)}
    if data is not None:
        config = config.model_copy(update={"data": config.data.model_copy(update=data)})
    if email is not None:
        config = config.model_copy(update={"email": config.email.model_copy(update=email)})
    return dataclasses.replace(ws, config=config)


FRIDAY_NOON = dt.datetime(2026, 11, 20, 12, tzinfo=NY)


def issue_folder(folder: Path, *, charts=("a", "b"), preheader: str = PREHEADER,
                 calls: str = "[]\n", email_extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "charts").mkdir(exist_ok=True)
    for name in charts:
        (folder / "charts" / f"{name}.png").write_bytes(b"\x89PNG" + b"0" * 100)
    md = "".join(f"![{c}](charts/{c}.png)\n" for c in charts)
    page = "".join(f'<img src="charts/{c}.png">' for c in charts)
    email = ('<a href="https://example.com/letter/">web</a>'
             + "".join(f'<img src="cid:{c}">' for c in charts) + email_extra)
    (folder / "issue.md").write_text(md, encoding="utf-8")
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "email.html").write_text(email, encoding="utf-8")
    (folder / "email.txt").write_text("web: https://example.com/letter/\n", encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"preheader": preheader}), encoding="utf-8")
    (folder / "calls.json").write_text(calls, encoding="utf-8")
    return folder


def result(folder: Path, *, sample: bool = False, lasts=None, failed=None, failures=(),
           validation: Validation | None = None):
    lasts = lasts if lasts is not None else {t: FRIDAY for t in ("SPY", "QQQ", "IWM", "DIA", "^VIX")}
    snap = snapshot(lasts, failed=failed)
    issue = SimpleNamespace(sample=sample, source="csv:test", date=SUNDAY, sections=(1, 2, 3))
    return SimpleNamespace(folder=folder, issue=issue, snapshot=snap,
                           composed=SimpleNamespace(failures=list(failures)),
                           validation=validation if validation is not None else Validation((), KEYS))


def items(report: CheckReport) -> dict[str, CheckItem]:
    return {i.name: i for i in report.items}


def test_a_good_folder_passes_every_check_in_order(ws, tmp_path: Path) -> None:
    report = run_checks(ws, result(issue_folder(tmp_path / "i")), SUNDAY_EVENING, probe=None, scorer=None)
    assert [i.name for i in report.items] == [
        "real data", "fresh data", "data validation", "sections", "email size", "charts", "preheader",
        "email links", "links reachable", "image weight", "spam score", "css support", "calls file",
        "index data"]
    assert report.ok, report.reasons
    found = items(report)
    assert found["real data"].detail == "source csv:test"
    assert found["fresh data"].detail == "last bar 2026-11-20"
    assert found["sections"].detail == "3 sections built or skipped with a note"
    assert found["calls file"].detail == "0 calls stored"
    assert found["index data"].detail == "every index delivered"
    assert found["charts"].detail == "2 charts in every output"


def test_sample_data_stale_data_failed_sections_and_a_missing_index_hold(ws, tmp_path: Path) -> None:
    folder = issue_folder(tmp_path / "i")
    lasts = {"SPY": THURSDAY, "QQQ": FRIDAY}
    report = run_checks(ws, result(folder, sample=True, lasts=lasts, failed={"IWM": "no data", "XLK": "x"},
                                   failures=["rotation: crashed", "story: crashed"]),
                        SUNDAY_EVENING, probe=None, scorer=None)
    found = items(report)
    assert found["real data"] == CheckItem("real data", False, "built on the SAMPLE market")
    assert found["fresh data"].ok is False and found["fresh data"].detail.startswith("stale: the last bar")
    assert found["sections"] == CheckItem("sections", False, "rotation: crashed; story: crashed")
    assert found["index data"] == CheckItem("index data", False, "no data for IWM")
    assert not report.ok


@pytest.mark.parametrize("content, ok, detail", [
    ("[]\n", True, "0 calls stored"),
    ('[{"id": "a", "ticker": "X", "direction": "short", "trigger": 1, "target": 0.5, "stop": 2, '
     '"horizon": "2026-12-18", "origin": "notes", "made_on": "2026-11-22"}]', True, "1 calls stored"),
    ("[", False, None), ("", False, None), ("{}", False, "calls.json unreadable (calls.json:1: expected a list of calls)"),
    ("[1]", False, None), ('[{"id": "x"}]', False, None), ("null", False, None),
    ('[{"id": "a", "ticker": "X", "direction": "short", "trigger": 1, "target": 0.5, "stop": 2, '
     '"horizon": 5, "origin": "notes", "made_on": "2026-11-22"}]', False, None),
])
def test_the_calls_file_must_hold_a_list_of_gradable_calls(ws, tmp_path: Path, content: str, ok: bool,
                                                           detail: str | None) -> None:
    report = run_checks(ws, result(issue_folder(tmp_path / "i", calls=content)), SUNDAY_EVENING,
                        probe=None, scorer=None)
    item = items(report)["calls file"]
    assert item.ok is ok and report.ok is ok
    if detail:
        assert item.detail == detail
    if not ok:
        assert item.detail.startswith("calls.json unreadable (")


@pytest.mark.parametrize("damage", ["missing", "folder", "not utf-8"])
def test_an_unreadable_calls_file_fails(ws, tmp_path: Path, damage: str) -> None:
    folder = issue_folder(tmp_path / "i")
    (folder / "calls.json").unlink()
    if damage == "folder":
        (folder / "calls.json").mkdir()
    elif damage == "not utf-8":
        (folder / "calls.json").write_bytes(b"[\xff]")
    item = items(run_checks(ws, result(folder), SUNDAY_EVENING, probe=None, scorer=None))["calls file"]
    assert not item.ok and item.detail.startswith("calls.json unreadable (")


def test_freshness_item_names_the_stale_key(ws) -> None:
    stale = _fresh(result(Path("."), lasts={"SPY": THURSDAY, "QQQ": FRIDAY, "XLK": FRIDAY}), ws,
                   SUNDAY_EVENING)
    assert stale == CheckItem("fresh data", False, "stale: the last bars are SPY 2026-11-19; the last "
                                                   "completed session is 2026-11-20")
    fresh = _fresh(result(Path("."), lasts={"SPY": FRIDAY, "XLK": THURSDAY}), ws, SUNDAY_EVENING)
    assert fresh == CheckItem("fresh data", True, "last bar 2026-11-20")


def test_freshness_is_judged_at_the_given_clock_with_the_extra_closures(ws) -> None:
    thursday = {t: THURSDAY for t in ("SPY", "QQQ", "IWM", "DIA", "^VIX")}
    assert _fresh(result(Path("."), lasts=thursday), ws, FRIDAY_NOON).ok  # Friday is not over
    assert not _fresh(result(Path("."), lasts=thursday), ws, SUNDAY_EVENING).ok
    closed = configured(ws, data={"extra_closures": [FRIDAY]})
    assert _fresh(result(Path("."), lasts=thursday), closed, SUNDAY_EVENING) == CheckItem(
        "fresh data", True, "last bar 2026-11-19")


def test_freshness_names_the_configured_key_tickers(ws) -> None:
    keyed = configured(ws, validation={"key_tickers": ["QQQ"]})
    snap = {"SPY": THURSDAY, "QQQ": FRIDAY}
    assert _fresh(result(Path("."), lasts=snap), keyed, SUNDAY_EVENING) == CheckItem(
        "fresh data", True, "last bar 2026-11-20")
    assert not _fresh(result(Path("."), lasts=snap), ws, SUNDAY_EVENING).ok


def test_run_checks_judges_freshness_at_its_clock(ws, tmp_path: Path) -> None:
    thursday = {t: THURSDAY for t in ("SPY", "QQQ", "IWM", "DIA", "^VIX")}
    res = result(issue_folder(tmp_path / "i"), lasts=thursday)
    assert items(run_checks(ws, res, FRIDAY_NOON, probe=None, scorer=None))["fresh data"].ok
    assert not items(run_checks(ws, res, SUNDAY_EVENING, probe=None, scorer=None))["fresh data"].ok


def test_run_checks_passes_its_probe_and_scorer_on(ws, tmp_path: Path) -> None:
    folder = issue_folder(tmp_path / "i", email_extra='<a href="https://elsewhere.example/x">x</a>')
    seen: list[str] = []

    def probe(url: str) -> int:
        seen.append(url)
        return 404

    report = run_checks(ws, result(folder), SUNDAY_EVENING, probe=probe, scorer=lambda m: (9.0, []))
    assert seen == ["https://elsewhere.example/x"]
    assert not items(report)["links reachable"].ok and not items(report)["spam score"].ok
    offline = run_checks(ws, result(folder), SUNDAY_EVENING)  # the defaults: offline in tests
    assert items(offline)["links reachable"].ok and items(offline)["spam score"].ok


def test_every_missing_index_is_named(ws, tmp_path: Path) -> None:
    report = run_checks(ws, result(issue_folder(tmp_path / "i"), failed={"IWM": "x", "DIA": "y"}),
                        SUNDAY_EVENING, probe=None, scorer=None)
    assert items(report)["index data"] == CheckItem("index data", False, "no data for IWM, DIA")


def finding(ticker: str, action: str, n: int = 0) -> Finding:
    return Finding(ticker, "jump", (FRIDAY,), f"finding {n}", action)


def test_the_validation_item_holds_on_a_key_ticker_finding_only(ws) -> None:
    def check(*found: Finding) -> CheckItem:
        return _validation(result(Path("."), validation=Validation(tuple(found), KEYS)), ws)

    assert check() == CheckItem("data validation", True, "every bar passed")
    assert check(finding("XLK", "dropped")) == CheckItem(
        "data validation", True, "1 finding, none holding a key ticker")
    assert check(finding("XLK", "dropped"), finding("SPY", "noted")) == CheckItem(
        "data validation", True, "2 findings, none holding a key ticker")
    assert check(finding("SPY", "dropped", 1)) == CheckItem("data validation", False, "SPY: finding 1")
    three = check(*(finding("SPY", "cut", n) for n in range(3)))
    assert three.detail == "SPY: finding 0; SPY: finding 1; SPY: finding 2"
    four = check(*(finding("QQQ", "excluded", n) for n in range(4)))
    assert four.detail == "QQQ: finding 0; QQQ: finding 1; QQQ: finding 2 (and 1 more)"
    five = check(*(finding("QQQ", "excluded", n) for n in range(5)))
    assert five.detail == "QQQ: finding 0; QQQ: finding 1; QQQ: finding 2 (and 2 more)"


def test_the_key_tickers_are_the_workspaces_not_the_validations(ws) -> None:
    other_keys = Validation((finding("XLK", "dropped"),), ("XLK",))
    assert _validation(result(Path("."), validation=other_keys), ws).ok
    keyed = configured(ws, validation={"key_tickers": ["XLK"]})
    assert not _validation(result(Path("."), validation=Validation((finding("XLK", "dropped"),), KEYS)),
                           keyed).ok


def test_the_validation_runs_with_the_workspace_settings(ws) -> None:
    res = result(Path("."), lasts={"SPY": FRIDAY})
    res.validation = None
    assert _validation(res, ws).ok  # prices of 100 are fine by default
    strict = configured(ws, validation={"max_price": 50.0})
    item = _validation(res, strict)
    assert not item.ok and item.detail.startswith("SPY: a price no market quotes")


def test_the_validation_runs_when_the_build_did_not(ws) -> None:
    res = result(Path("."), lasts={"SPY": FRIDAY})
    res.validation = None
    res.snapshot.bars["SPY"].iloc[-1, 3] = float("nan")  # a bad last close on a key ticker
    item = _validation(res, ws)
    assert item.ok is False and item.detail.startswith("SPY: ")


def test_charts_must_be_the_same_in_every_output_and_on_disk(tmp_path: Path) -> None:
    folder = issue_folder(tmp_path / "i")
    assert _charts(folder) == CheckItem("charts", True, "2 charts in every output")
    (folder / "email.html").write_text('<img src="cid:a">')
    assert _charts(folder) == CheckItem("charts", False, "email.html does not show the same charts (b)")
    (folder / "email.html").write_text('<img src="cid:a"><img src="cid:b">')
    (folder / "index.html").write_text('<img src="charts/a.png"><img src="charts/c.png">')
    assert _charts(folder) == CheckItem("charts", False, "index.html does not show the same charts (b, c)")
    (folder / "index.html").write_text('<img src="charts/a.png"><img src="charts/b.png">')
    (folder / "charts" / "b.png").unlink()
    assert _charts(folder) == CheckItem("charts", False, "missing charts/b.png")
    (folder / "charts" / "a.png").unlink()
    assert _charts(folder) == CheckItem("charts", False, "missing charts/a.png, charts/b.png")
    for name in ("email.html", "index.html", "issue.md"):
        (folder / name).unlink()
        assert _charts(folder) == CheckItem("charts", False, f"{name} missing")


def test_charts_are_read_by_name_with_dots_and_dashes(tmp_path: Path) -> None:
    folder = issue_folder(tmp_path / "i", charts=("spy-200d.v2",))
    assert _charts(folder) == CheckItem("charts", True, "1 charts in every output")


@pytest.mark.parametrize("length, ok, note", [
    (39, True, " (under 40: the padding keeps the body out of the preview)"),
    (40, True, ""), (130, True, ""), (131, False, None),
])
def test_the_preheader_length_edges(tmp_path: Path, length: int, ok: bool, note: str | None) -> None:
    text = ("x" * (length - 1)) + "."
    item = _preheader(issue_folder(tmp_path / "i", preheader=text))
    assert item.name == "preheader" and item.ok is ok
    if ok:
        assert item.detail == f"{length} characters shown{note}"
    else:
        assert item.detail == f"{length} characters; the inbox cuts it after about 130"


def test_the_preheader_counts_what_the_inbox_shows(tmp_path: Path) -> None:
    padded = "Rates up.\u034f\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad  " + "x" * 40
    item = _preheader(issue_folder(tmp_path / "i", preheader=padded))
    assert item == CheckItem("preheader", True, "50 characters shown")
    for empty in ("", "\u200b\u00a0 \u034f"):
        item = _preheader(issue_folder(tmp_path / "e", preheader=empty))
        assert item == CheckItem("preheader", False, "empty: the inbox would show the body's first words")
    folder = issue_folder(tmp_path / "m")
    (folder / "meta.json").write_text("{")
    broken = _preheader(folder)
    assert (broken.name, broken.ok) == ("preheader", False)
    assert broken.detail.startswith("meta.json unreadable (")
    (folder / "meta.json").write_text("{}")
    assert not _preheader(folder).ok
    (folder / "meta.json").unlink()
    gone = _preheader(folder)
    assert (gone.name, gone.ok) == ("preheader", False)
    assert gone.detail.startswith("meta.json unreadable (")


def test_email_links_must_be_absolute_and_images_https_or_attached(tmp_path: Path) -> None:
    folder = issue_folder(tmp_path / "i", email_extra='<a href="mailto:me@example.com">m</a>'
                                                      "<A HREF='http://example.com/x'>x</A>")
    assert _email_links(folder) == CheckItem("email links", True, "5 links and images well-formed")
    bad = ('<a href="charts/a.png">r</a><img src="http://example.com/i.png"><a href="javascript:x()">j</a>'
           '<img src="data:image/png;base64,xx"><a href="mailto:nobody">n</a><a href="ftp://x/y">f</a>')
    item = _email_links(issue_folder(tmp_path / "b", email_extra=bad))
    assert item.name == "email links" and item.ok is False
    assert item.detail == ("6 not well-formed: href='charts/a.png', href='ftp://x/y', "
                           "href='javascript:x()', href='mailto:nobody', src='data:image/png;base64,xx'")
    (folder / "email.html").unlink()
    assert _email_links(folder) == CheckItem("email links", False, "email.html missing")


def test_email_links_accept_https_images_and_spaces_around_the_url(tmp_path: Path) -> None:
    extra = '<img src=" https://example.com/logo.png "><a href = "https://example.com/a?b=c">a</a>'
    assert _email_links(issue_folder(tmp_path / "i", email_extra=extra)).ok


@pytest.mark.parametrize("size, ok", [(2048, True), (2049, False), (2047, True)])
def test_the_email_size_limit_itself_passes(tmp_path: Path, size: int, ok: bool) -> None:
    folder = issue_folder(tmp_path / "i")
    (folder / "email.html").write_text("x" * size)
    item = _email_size(folder, 2)
    assert item.ok is ok
    detail = f"email.html {size / 1024:.1f} KB (limit 2 KB; Gmail clips over {GMAIL_CLIP_KB} KB)"
    if not ok:
        detail += "; biggest: " + html_size_report("x" * size).explain()
    assert item.detail == detail


@pytest.mark.parametrize("kb, clipped", [(GMAIL_CLIP_KB, False), (GMAIL_CLIP_KB + 0.001, True)])
def test_gmail_clips_over_102_kb(tmp_path: Path, kb: float, clipped: bool) -> None:
    folder = issue_folder(tmp_path / "i")
    (folder / "email.html").write_text("x" * int(kb * 1024 + 0.999))
    item = _email_size(folder, 200)
    size = (folder / "email.html").stat().st_size / 1024
    assert item == CheckItem("email size", True, f"email.html {size:.1f} KB (limit 200 KB; Gmail clips "
                             f"over 102 KB)" + (": Gmail would clip it" if clipped else ""))
    (folder / "email.html").unlink()
    assert _email_size(folder, 200) == CheckItem("email size", False, "email.html missing")


def test_before_send_runs_the_inbox_checks_or_says_the_email_is_missing(ws, tmp_path: Path) -> None:
    folder = issue_folder(tmp_path / "i")
    found = before_send(ws, folder, probe=None, scorer=None)
    assert [i.name for i in found] == ["links reachable", "image weight", "spam score", "css support"]
    assert found[2] == CheckItem("spam score", True, "skipped: no scorer")
    default = before_send(ws, folder)  # the real probe and scorer, both off in tests
    assert default[2].detail.startswith("skipped: NEWSLETTER_SPAM_CHECK=off")
    seen: list[str] = []

    def probe(url: str) -> int:
        seen.append(url)
        return 404

    (folder / "email.html").write_text('<a href="https://example.com/letter/2026-11-15/">a</a>'
                                       '<a href="https://elsewhere.example/x">x</a>')
    assert before_send(ws, folder, probe=DEFAULT)[0].ok  # offline in tests: skipped, not called
    dead = before_send(ws, folder, probe=probe, scorer=lambda message: (9.0, []))
    assert seen == ["https://elsewhere.example/x"] and dead[0].ok is False  # the archive: not probed
    assert dead[2].ok is False
    (folder / "email.html").unlink()
    assert before_send(ws, folder) == [CheckItem("links reachable", False, "email.html missing")]


@pytest.mark.parametrize("policy, ok", [("note", True), ("hold", False)])
def test_css_a_listed_client_lacks_holds_only_when_configured(ws, tmp_path: Path, policy: str,
                                                              ok: bool) -> None:
    folder = issue_folder(tmp_path / "i", email_extra='<div style="display:grid">x</div>')
    item = before_send(configured(ws, email={"css_unsupported": policy}), folder, probe=None,
                       scorer=None)[3]
    assert item.name == "css support" and item.ok is ok
    assert "display:grid (css-display-grid) not in outlook.windows" in item.detail
    only_apple = configured(ws, email={"css_clients": ["apple-mail.macos"], "css_unsupported": "hold"})
    assert before_send(only_apple, folder, probe=None, scorer=None)[3].ok
