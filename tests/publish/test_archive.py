"""The web archive: index, track record and feeds from real built issues; loaded in Chromium."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from newsletter.build import build_issue
from newsletter.calls import OUTCOME_MARKS, load_calls
from newsletter.publish.archive import (
    archive_entry,
    grade_archive,
    hit_rates,
    rebuild_site,
    write_site,
)
from newsletter.workspace import Workspace
from tests.browser import load_page, serve_folder
from tests.publish.test_pipeline_factories import NY, make_workspace

DATES = (dt.date(2026, 11, 15), dt.date(2026, 11, 22))
DRAFT = dt.date(2026, 11, 29)
BASE = "https://example.com/letter/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Two archived issues (a week apart, so the second grades the first's calls) and a draft."""
    ws = make_workspace(tmp_path_factory.mktemp("archive") / "ws")
    entries = []
    for day in DATES:
        result = build_issue(ws, issue_date=day, now=dt.datetime.combine(day, dt.time(20), NY))
        entries.append(archive_entry(result.folder, dt.datetime.combine(day, dt.time(20), NY)))
    build_issue(ws, issue_date=DRAFT, now=dt.datetime(2026, 11, 22, 21, tzinfo=NY))
    write_site(ws, entries)
    return ws


def test_index_lists_only_archived_issues_newest_first_with_relative_links(site: Workspace) -> None:
    index = (site.output_dir / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(\d{4}-\d\d-\d\d/index.html)">', index)
    assert links == ["2026-11-22/index.html", "2026-11-15/index.html"]
    assert DRAFT.isoformat() not in index
    for link in [*links, "track-record.html", "feed.xml", "atom.xml"]:
        assert (site.output_dir / link).is_file(), link
        assert f'href="{link}"' in index
    headline = json.loads((site.output_dir / "2026-11-22" / "meta.json").read_text())["headline"]
    assert html.escape(headline) in index and "Sunday, November 22, 2026" in index


@pytest.mark.parametrize("name, version", [("feed.xml", "rss20"), ("atom.xml", "atom10")])
def test_feeds_parse_with_one_item_per_issue_and_absolute_links(site: Workspace, name: str,
                                                                 version: str) -> None:
    feed = feedparser.parse((site.output_dir / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.title == "Test Letter"
    assert [e.link for e in feed.entries] == [f"{BASE}2026-11-22/", f"{BASE}2026-11-15/"]
    assert all(e.id.startswith(BASE) and e.title for e in feed.entries)
    assert feed.feed.link == BASE


def test_track_record_shows_every_call_of_the_archive_graded(site: Workspace) -> None:
    calls = [c for day in DATES for c in load_calls(site.output_dir / day.isoformat())]
    assert calls, "the test issues should make calls"
    page = (site.output_dir / "track-record.html").read_text(encoding="utf-8")
    entries = [archive_entry(site.output_dir / d.isoformat(), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
               for d in DATES]
    graded, asof = grade_archive(site.output_dir, entries)
    assert asof == dt.date(2026, 11, 20) and len(graded) == len(calls)
    assert page.count("<tr><td><a href=") == len(calls)
    for rate in hit_rates(graded):
        assert f"<tr><td>{rate.origin}</td><td class=\"num\">{rate.made}</td>" in page
    for g in graded:
        assert f"{g.call.made_on.isoformat()}/index.html" in page
        if g.date is not None:  # how it ended, dated with its year (a record spans years)
            assert f"{g.date:%b} {g.date.day}, {g.date.year}" in page


def test_the_track_record_page_shows_each_decided_calls_r_entry_and_gap(site: Workspace) -> None:
    """R is counted from the close that triggered a call, out at the open when the price gapped
    past its level (calls.r_multiple): the page shows both beside the R, as the recap does."""
    from newsletter.model import Call, GradedCall
    from newsletter.publish.archive import _environment
    from newsletter.template_sandbox import render_bounded

    call = Call(id="c", ticker="TSLA", direction="short", trigger=100.0, target=90.0, stop=105.0,
                horizon=dt.date(2026, 12, 18), origin="breakdown", made_on=dt.date(2026, 11, 13))
    gapped = GradedCall(call, "failed", dt.date(2026, 11, 18), 108.0, "stopped out", 99.0, 107.5)
    hit = GradedCall(call, "hit", dt.date(2026, 11, 24), 89.0, "target hit", 99.0, 90.0)
    page = render_bounded(_environment(site), "track_record.html.j2", config=site.config,
                          graded=[gapped, hit], rates=hit_rates([gapped, hit]),
                          asof=dt.date(2026, 11, 27), markers=OUTCOME_MARKS, replay=None)
    assert ("-1.4R, in at 99.00 on the close that triggered it, out at the 107.50 open, gapped "
            "past the stop") in page
    assert "+1.5R, in at 99.00 on the close that triggered it.</td>" in page


def test_rewriting_the_site_gives_the_same_bytes(site: Workspace) -> None:
    names = ("index.html", "track-record.html", "feed.xml", "atom.xml")
    before = {n: (site.output_dir / n).read_bytes() for n in names}
    entries = [archive_entry(site.output_dir / d.isoformat(), dt.datetime.combine(d, dt.time(20), NY))
               for d in DATES]
    write_site(site, entries)
    assert {n: (site.output_dir / n).read_bytes() for n in names} == before


def test_an_empty_archive_says_so(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    rebuild_site(ws)
    assert "No issue has been published yet." in (ws.output_dir / "index.html").read_text(encoding="utf-8")
    assert feedparser.parse((ws.output_dir / "feed.xml").read_bytes()).entries == []
    assert not ws.state_dir.exists()


@pytest.fixture
def served(site: Workspace) -> Iterator[str]:
    """The archive folder over HTTP on 127.0.0.1, as the root of a static host."""
    with serve_folder(site.output_dir) as url:
        yield url


def test_archive_and_issue_pages_load_in_headless_chromium(site: Workspace, served: str, browser) -> None:
    control = site.output_dir / "control.html"
    control.write_text('<!doctype html><title>c</title><link rel="icon" href="data:,">'
                       '<img src="missing.png" alt="x">', encoding="utf-8")
    errors, broken, _ = load_page(browser, f"{served}/control.html")
    assert broken == ["missing.png"] and errors, "the detectors must see a broken image"
    control.unlink()
    for path in ("index.html", "track-record.html", "2026-11-22/index.html"):
        errors, broken, images = load_page(browser, f"{served}/{path}")
        assert errors == [] and broken == [], path
        assert images or path != "2026-11-22/index.html", "the issue page should show its charts"
        assert browser.title
    browser.find_element("css selector", "nav a").click()  # the issue page links back to the index
    assert browser.current_url == f"{served}/index.html"


def test_the_track_record_page_counts_never_triggered_calls_apart(tmp_path: Path) -> None:
    """The page showed the live record with a call never triggered as ❌ failed (hits ÷ hits and
    failures) and, below it, the replay counting such calls apart: two hit rates, two meanings."""
    from newsletter.model import Call, GradedCall
    from newsletter.publish import archive
    from newsletter.template_sandbox import render_bounded

    def call(n: int) -> Call:
        return Call(id=f"c{n}", ticker="TSLA", direction="short", trigger=100.0, target=90.0,
                    stop=105.0, horizon=dt.date(2026, 12, 18), origin="breakdown",
                    made_on=dt.date(2026, 11, 20))

    graded = [GradedCall(call(1), "hit", dt.date(2026, 11, 24), 89.0, "target hit"),
              GradedCall(call(2), "failed", dt.date(2026, 12, 18), 101.0,
                         "horizon passed without the trigger")]
    ws = make_workspace(tmp_path / "ws")
    page = render_bounded(archive._environment(ws), "track_record.html.j2", config=ws.config,
                          graded=graded, rates=hit_rates(graded), asof=dt.date(2026, 12, 18),
                          markers=OUTCOME_MARKS, replay=None)
    assert ('<tr><td>breakdown</td><td class="num">2</td><td class="num">1</td>'
            '<td class="num">0</td><td class="num">1</td><td class="num">0</td>'
            '<td class="num">100% (n = 1; 90% 27% to 100%)</td><td class="num">+2.00R</td></tr>'
            ) in page
    assert "⚪ not triggered" in page and "❌" not in page.split("<tbody>", 2)[2]
    assert "a call never triggered is counted apart" in page


# The recap learnt to say "Stopped out on Nov 18 (a trade at 108.00)" because "Nov 18, 108.00"
# read as out at the day's high when the stop was 105.00; the track-record page still printed
# "2026-11-18 at 108.00" beside "stopped out", the same misreading on the page a reader checks
# the record on. One sentence now says how a call ended, wherever a graded call is listed, and a
# page that spans years gives every date its year.

def test_the_track_record_page_says_how_each_call_ended_as_the_recap_does(site: Workspace) -> None:
    from newsletter.calls import KILLED_BEFORE_TRIGGER, WITHOUT_TARGET
    from newsletter.model import Call, GradedCall
    from newsletter.publish.archive import _environment
    from newsletter.template_sandbox import render_bounded

    call = Call(id="c", ticker="TSLA", direction="short", trigger=100.0, target=90.0, stop=105.0,
                horizon=dt.date(2027, 1, 8), origin="breakdown", made_on=dt.date(2026, 12, 11))
    stopped = GradedCall(call, "failed", dt.date(2026, 12, 18), 108.0, "stopped out", 99.0, 105.0)
    killed = GradedCall(call, "failed", dt.date(2026, 12, 14), 105.5, KILLED_BEFORE_TRIGGER)
    expired = GradedCall(call, "failed", dt.date(2027, 1, 8), 98.0, WITHOUT_TARGET, 99.0, 98.0)
    graded = [stopped, killed, expired]
    page = render_bounded(_environment(site), "track_record.html.j2", config=site.config,
                          graded=graded, rates=hit_rates(graded),
                          asof=dt.date(2027, 1, 8), markers=OUTCOME_MARKS, replay=None)
    assert ("Stopped out on Dec 18, 2026 (a trade at 108.00): -1.0R, in at 99.00 on the close "
            "that triggered it.") in page
    assert ("Never triggered: the setup was killed first, a trade at 105.50 on Dec 14, 2026 (at "
            "or past the stop).") in page
    assert ("Horizon passed without the target (the Jan 8, 2027 close, 98.00): +0.2R, in at 99.00 "
            "on the close that triggered it.") in page
    assert "at 108.00" not in page.replace("a trade at 108.00", "")
    assert ">Dec 11, 2026</a>" in page and "<td>Jan 8, 2027</td>" in page  # issue and horizon
