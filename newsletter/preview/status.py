"""What the author sees above the draft: the publishing checks, SAMPLE and stale badges, errors.

The checks are the publishing stage's own (:func:`newsletter.checks.run_checks`),
run on the draft, so what the preview calls "ready" is what Sunday night will.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsletter.errors import NewsletterError

if TYPE_CHECKING:
    from newsletter.build import BuildResult
    from newsletter.preview.drafts import PreviewState
    from newsletter.workspace import Workspace

log = logging.getLogger(__name__)

_PREHEADER_PAD = "\u034f\u00a0"


@dataclass(frozen=True)
class CheckLine:
    """One publishing check as shown: its name, whether it passed, what it looked at."""

    name: str
    ok: bool
    detail: str


SLOW_CHECKS = ("links reachable", "spam score")
"""Checks that take seconds (HEAD requests, SpamAssassin): the preview runs them after the
draft is shown (:func:`slow_checks`), so a reload never waits for them."""
CHECKING = "checking in the background…"


def slow_checks_pending() -> bool:
    """Whether the slow checks have real work here (the network or SpamAssassin is on)."""
    from newsletter.presend.links import default_probe
    from newsletter.presend.spam import default_scorer

    return default_probe() is not None or default_scorer()[0] is not None


def publish_checks(ws: Workspace, result: BuildResult, *, deferred: bool = False) -> tuple[CheckLine, ...]:
    """Every check publishing would run on this draft; a crash in them is one failed line.

    ``deferred``: the :data:`SLOW_CHECKS` are not run but shown as pending (then
    :func:`slow_checks` fills them in)."""
    from newsletter.checks import run_checks

    try:
        report = run_checks(ws, result, probe=None, scorer=None) if deferred else run_checks(ws, result)
    except NewsletterError as exc:
        return (CheckLine("checks", False, exc.one_line()),)
    except Exception:  # a bug in the checks must not take the draft down with it
        log.exception("the publishing checks crashed on the draft")
        return (CheckLine("checks", False, "the checks crashed (a bug: traceback in the log)"),)
    return tuple(CheckLine(item.name, True, CHECKING) if deferred and item.name in SLOW_CHECKS
                 else CheckLine(item.name, bool(item.ok), item.detail) for item in report.items)


def slow_checks(ws: Workspace, result: BuildResult, shown: tuple[CheckLine, ...]) -> tuple[CheckLine, ...]:
    """``shown`` with the :data:`SLOW_CHECKS` run for real (links fetched, SpamAssassin asked)."""
    from newsletter.checks import before_send

    try:
        done = {item.name: CheckLine(item.name, bool(item.ok), item.detail)
                for item in before_send(ws, result.folder) if item.name in SLOW_CHECKS}
    except Exception:  # a bug in the checks must not take the draft down with it
        log.exception("the slow publishing checks crashed on the draft")
        done = {name: CheckLine(name, False, "crashed (a bug: traceback in the log)")
                for name in SLOW_CHECKS}
    return tuple(done.get(line.name, line) for line in shown)


def is_stale(state: PreviewState) -> bool:
    """The draft's data is older than the last completed session (a check or a build warning)."""
    failed = any(not c.ok and "fresh" in c.name for c in state.checks)
    warned = state.result is not None and any(w.startswith("stale") for w in state.result.warnings)
    return failed or warned


def status_message(state: PreviewState, smtp_ready: bool) -> dict[str, Any]:
    """The state as the browser gets it, over the event stream or ``/status.json``."""
    issue = state.result.issue if state.result is not None else None
    config = state.workspace.config if state.workspace is not None else None
    return {
        "brand": config.title if config is not None else "newsletter",
        "draft": state.draft_version,
        "busy": state.busy,
        "error": state.error,
        "smtp": smtp_ready and state.result is not None,
        "title": f"{'⚠ ' if state.error else ''}Preview · {issue.headline if issue else 'no draft yet'}",
        "html": status_html(state),
    }


def status_html(state: PreviewState) -> str:
    """The status panel: error banner, badges, inbox line, checks and warnings (escaped)."""
    parts = [_banner(state), _summary(state)]
    if state.result is not None:
        parts += [_inbox(state), _checks(state), _problems(state)]
    return "\n".join(p for p in parts if p)


def _banner(state: PreviewState) -> str:
    if not state.error:
        return ""
    kind = "A bug stopped the rebuild" if state.bug else "Fix this to update the draft"
    shown = ("Showing the last good draft, built at "
             f"{state.built_at:%H:%M:%S}." if state.result is not None else "No draft to show yet.")
    return (f'<div class="banner" role="alert" id="error-banner"><strong>{kind}</strong>'
            f'<code class="error-line">{html.escape(state.error)}</code>'
            f'<span class="hint">{shown}</span></div>')


def _summary(state: PreviewState) -> str:
    if state.result is None:
        text = "Building the first draft…" if state.busy or not state.error else "No draft yet."
        return f'<div class="summary"><span class="muted">{text}</span></div>'
    issue = state.result.issue
    badges = []
    if issue.sample:
        badges.append('<span class="badge sample" title="Built on the synthetic market: '
                      'never published">SAMPLE DATA</span>')
    if is_stale(state):
        badges.append('<span class="badge stale" title="The last bar is older than the last '
                      'completed session">STALE DATA</span>')
    failed = sum(not c.ok for c in state.checks)
    if failed:
        badges.append(f'<span class="badge held">Held · {failed} check{"s" if failed > 1 else ""} '
                      "fail</span>")
    else:
        badges.append('<span class="badge ready">Ready to publish</span>')
    when = (f"Issue of {issue.date:%A, %B} {issue.date.day}, {issue.date.year} · "
            f"{html.escape(issue.source)} data as of the {issue.asof:%b} {issue.asof.day} close · "
            f"built in {state.build_seconds:.2f} s at {state.built_at:%H:%M:%S}")
    return f'<div class="summary">{"".join(badges)}<span class="muted when">{when}</span></div>'


def _inbox(state: PreviewState) -> str:
    from newsletter.inbox import fitted_preheader
    from newsletter.render_email import subject

    issue = state.result.issue
    hook = fitted_preheader((issue.hook or issue.headline).replace(_PREHEADER_PAD, " "))
    return (f'<div class="inbox" title="How the email shows in an inbox: subject, then preheader">'
            f'<span class="label">Inbox</span><span class="subject" id="subject">{html.escape(subject(issue))}</span>'
            f'<span class="preheader">{html.escape(hook)}</span></div>')


def _checks(state: PreviewState) -> str:
    items = []
    for check in state.checks:
        mark, cls = ("✓", "ok") if check.ok else ("✗", "fail")
        items.append(f'<li class="{cls}" title="{html.escape(check.detail)}"><b>{mark}</b> '
                     f'{html.escape(check.name)}<small>{html.escape(check.detail)}</small></li>')
    if not items:
        return ""
    return (f'<ul class="checks" id="checks"><li class="label">Publishing checks</li>'
            f'{"".join(items)}</ul>')


def _problems(state: PreviewState) -> str:
    lines = [f"section failed: {f}" for f in state.result.composed.failures]
    lines += list(state.result.warnings)
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<ul class="warnings">{items}</ul>'
