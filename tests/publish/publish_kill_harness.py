"""SIGKILL the real ``newsletter publish`` (smtp+DKIM, Ghost, listmonk) anywhere, rerun, count.

One workspace, as an author sets it up: the issue of 2022-11-20 built by the
normal ``newsletter build`` from the shipped ``examples/data/yahoo-daily``
(real bars), 50 readers, and three targets: ``smtp`` signed with DKIM (an RSA
key made by openssl, read from a file), ``ghost`` and ``listmonk``. The
servers run here, on 127.0.0.1: a real aiosmtpd, and the local Ghost and
listmonk servers of ``tests/publish/targets``.

Each trial copies the built workspace (fresh state: no ``.newsletter``), starts
fresh servers, runs ``python -m newsletter publish --from-draft`` in a child
process and SIGKILLs it at one point chosen by a seeded random: first a stage,
uniformly among five, then a point inside it, taken from a clean run's
observed sequence:

- ``start``: a time in the clean run before ``checked`` (start-up, rebuild, checks);
- ``archive``: once the state database says ``checked``, a time inside the clean
  run's archive step (polled every 2 ms);
- ``ghost`` / ``listmonk``: the platform's n-th request (n uniform over the clean
  run's requests to it), before the platform handles it or after (handled, unanswered);
- ``smtp``: the n-th message (n uniform over the readers), before the server stores
  it or after (stored, the ``250`` never heard: the commit window).

Then the publish is rerun until it exits 0. Counted per trial: posts and
campaigns (exactly one each, published / running), archive rows and feed items
(one), Message-IDs per reader (exactly one), every delivered copy's DKIM
signature (dkimpy against the public key through its ``dnsfunc``), and the final
state (``sent``). A kill in the SMTP window makes the rerun resend that reader
the same Message-ID: those copies are counted apart, beside the window kills.
``benchmarks/bench_publish_kills.py`` runs 100 trials; the suite a few.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dkim

from newsletter.publish.dkim import dns_record
from tests.publish.ledger_reads import issue_state, query
from tests.publish.smtp_server import FaultyHandler, SmtpTestServer
from tests.publish.targets.api_server import ApiServer, Request
from tests.publish.targets.ghost_app import KEY_ID, SECRET, GhostApp
from tests.publish.targets.listmonk_app import ListmonkApp

REPO = Path(__file__).resolve().parents[2]
BARS = REPO / "examples" / "data" / "yahoo-daily"
ISSUE_DATE, ASOF = dt.date(2022, 11, 20), dt.date(2022, 11, 18)
DOMAIN, SELECTOR = "weekly-edge.test", "weekly"
STAGES = ("start", "archive", "ghost", "listmonk", "smtp")
ENV = {"NEWSLETTER_LISTMONK_TOKEN": "secret-token", "NEWSLETTER_GHOST_ADMIN_KEY": f"{KEY_ID}:{SECRET}",
       "NEWSLETTER_SMTP_PASSWORD": "", "NEWSLETTER_OFFLINE": "1",
       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def missing_tools() -> str:
    """Why the harness cannot run here ('' when it can)."""
    if shutil.which("openssl") is None:
        return "needs the openssl command for a DKIM key pair"
    if not (BARS / "SPY.csv").is_file():
        return f"the shipped bars are missing: {BARS}"
    return ""


class Killer:
    """SIGKILLs the child at one planned point: (stage, n, phase) of the observed sequence."""

    def __init__(self, stage: str = "", at: int = 0, phase: str = "before") -> None:
        self.stage, self.at, self.phase = stage, at, phase
        self.pid = 0
        self.counts: Counter[str] = Counter()
        self.fired = False
        self._lock = threading.Lock()

    def event(self, kind: str, phase: str) -> bool:
        """A request or message of ``kind`` seen ``before``/``after`` handling; True: killed here."""
        with self._lock:
            if phase == "before":
                self.counts[kind] += 1
            if (self.fired or kind != self.stage or self.counts[kind] != self.at
                    or phase != self.phase):
                return False
            return self._kill()

    def kill_now(self) -> bool:
        with self._lock:
            return False if self.fired else self._kill()

    def _kill(self) -> bool:
        if self.pid <= 0:  # never os.kill(0): that is our own process group
            return False
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        self.fired = True
        return True


class KillingSmtpHandler(FaultyHandler):
    """The test server's handler, with the killer looking at every DATA."""

    def __init__(self, killer: Killer) -> None:
        super().__init__()
        self.killer = killer

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.killer.event("smtp", "before"):
            return "451 4.3.0 the sender is gone"  # not stored; nobody reads this
        reply = await super().handle_DATA(server, session, envelope)
        self.killer.event("smtp", "after")  # stored: a kill here is inside the commit window
        return reply


@dataclass
class Servers:
    """One trial's platforms and mail server, all on 127.0.0.1."""

    killer: Killer
    ghost: GhostApp = field(default_factory=GhostApp)
    listmonk: ListmonkApp = field(default_factory=ListmonkApp)

    def __post_init__(self) -> None:
        self.smtp = SmtpTestServer()
        self.smtp.handler = KillingSmtpHandler(self.killer)
        self.smtp.start()
        self.http = [ApiServer(self.ghost, lambda r, p: self._http("ghost", r, p)),
                     ApiServer(self.listmonk, lambda r, p: self._http("listmonk", r, p))]
        self.ghost.url = self.http[0].url

    def _http(self, kind: str, request: Request, phase: str) -> bool:
        return self.killer.event(kind, phase)

    def close(self) -> None:
        self.smtp.stop()
        for server in self.http:
            server.close()


def _config(root: Path, key: Path, smtp_port: int, ghost_url: str, listmonk_url: str) -> None:
    (root / "newsletter.yaml").write_text(f"""\
title: Test Letter
base_url: https://example.com/letter/
data:
  source: csv:{BARS}
  history_sessions: 260
watchlists:
  indices: [SPY, QQQ, IWM, DIA, ^VIX]
  macro: []
  sectors: []
  breakdown: []
  sentiment: []
  story: []
rotation:
  - lead: IWM
    lag: SPY
themes: []
sections:
  breadth: false
email:
  from: The Weekly Edge <letter@{DOMAIN}>
  unsubscribe_url: https://{DOMAIN}/unsubscribe
  unsubscribe_mailto: unsubscribe@{DOMAIN}
  rate_per_minute: 100000
  smtp: {{host: 127.0.0.1, port: {smtp_port}, security: none, timeout: 10}}
  dkim: {{selector: {SELECTOR}, private_key_file: {key}}}
publish:
  retries: 2
  timeout: 10
  targets:
    - kind: smtp
    - {{kind: ghost, url: "{ghost_url}", newsletter: weekly}}
    - {{kind: listmonk, url: "{listmonk_url}", username: api, lists: [1]}}
""")


def _cli(root: Path, *args: str, log: Path) -> subprocess.Popen:
    """``newsletter -C ROOT ARGS`` in a child process, as an author runs it."""
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "newsletter", "-C", str(root), *args],
                                cwd=REPO, env={**os.environ, **ENV}, stdout=out, stderr=out)


def prepare(work: Path, readers: int) -> tuple[Path, str]:
    """The built workspace every trial copies, and the DKIM TXT record of its key."""
    key = work / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(key), "2048"], check=True,
                   capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    root = work / "built"
    root.mkdir(parents=True)
    (root / "recipients.txt").write_text("".join(f"reader{i}@example.com\n" for i in range(readers)))
    _config(root, key, 25, "http://127.0.0.1:9", "http://127.0.0.1:9")
    build = _cli(root, "build", "--asof", ASOF.isoformat(), "--date", ISSUE_DATE.isoformat(),
                 log=work / "build.log")
    if build.wait(timeout=300) != 0:
        raise RuntimeError(f"newsletter build failed: {(work / 'build.log').read_text()[-2000:]}")
    return root, dns_record(der)


def _query(path: Path, sql: str) -> list[tuple]:
    return query(path, sql, ISSUE_DATE)


def state_of(root: Path) -> str:
    return issue_state(root, ISSUE_DATE)


@dataclass(frozen=True)
class Calibration:
    """A clean run: when it reached ``checked`` and ``archived``; requests per platform."""

    checked: float
    archived: float
    requests: dict[str, int]
    seconds: float


def calibrate(built: Path, work: Path, key: Path) -> Calibration:
    killer = Killer()
    servers = Servers(killer)
    try:
        root = _fresh(built, work / "calibrate", key, servers)
        started = time.time()
        child = _cli(root, "publish", "--date", ISSUE_DATE.isoformat(), "--from-draft",
                     log=root / "publish.log")
        killer.pid = child.pid
        if child.wait(timeout=300) != 0:
            raise RuntimeError(f"the clean publish failed: {(root / 'publish.log').read_text()[-2000:]}")
        seconds = time.time() - started
        at = {s: dt.datetime.fromisoformat(a).timestamp() - started for s, a in _query(
            root / ".newsletter" / "publish.sqlite", "SELECT to_state, at FROM events WHERE issue_date = ?")}
        return Calibration(at["checked"], at["archived"], dict(killer.counts), seconds)
    finally:
        servers.close()


def _fresh(built: Path, root: Path, key: Path, servers: Servers) -> Path:
    shutil.copytree(built, root, ignore=shutil.ignore_patterns(".newsletter", "*.log"))
    _config(root, key, servers.smtp.port, servers.http[0].url, servers.http[1].url)
    return root


@dataclass
class Figures:
    """What the trials saw; :meth:`lines` prints them."""

    trials: int = 0
    runs: int = 0
    kills_aimed: Counter[str] = field(default_factory=Counter)
    kills_landed: Counter[str] = field(default_factory=Counter)
    state_at_kill: Counter[str] = field(default_factory=Counter)
    """'stage: state' at each landed kill (the state database's, plus the targets it recorded)."""
    points: Counter[str] = field(default_factory=Counter)
    """Landed kills by stage and phase (before/after the server handled the request)."""
    kills_in_window: int = 0
    posts: Counter[int] = field(default_factory=Counter)
    campaigns: Counter[int] = field(default_factory=Counter)
    image_uploads: Counter[int] = field(default_factory=Counter)
    archive_rows: Counter[int] = field(default_factory=Counter)
    feed_items: Counter[int] = field(default_factory=Counter)
    distinct_ids: Counter[int] = field(default_factory=Counter)
    """Distinct Message-IDs a reader got → how many readers (over all trials)."""
    resent_same_id: int = 0
    delivered: int = 0
    dkim_verified: int = 0
    final_states: Counter[str] = field(default_factory=Counter)
    duplicates: list[str] = field(default_factory=list)
    """Anything made twice: a second post, campaign, archive entry or Message-ID."""
    failures: list[str] = field(default_factory=list)
    clean_run_seconds: float = 0.0
    requests: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        def spread(counter: Counter[Any]) -> str:
            return ", ".join(f"{k}: {n}" for k, n in sorted(counter.items()))

        landed = sum(self.kills_landed.values())
        return [
            f"trials: {self.trials} ({self.runs} publishing processes; a clean publish takes "
            f"{self.clean_run_seconds:.1f} s; its requests: {spread(Counter(self.requests))})",
            f"kills landed: {landed} of {sum(self.kills_aimed.values())} aimed "
            f"(by stage, landed/aimed: " + ", ".join(
                f"{s} {self.kills_landed[s]}/{self.kills_aimed[s]}" for s in STAGES) + ")",
            f"landed by point: {spread(self.points)}",
            f"state at the kill, by stage: {spread(self.state_at_kill)}",
            f"ghost posts per trial: {spread(self.posts)}; listmonk campaigns per trial: "
            f"{spread(self.campaigns)}; ghost image uploads per trial: {spread(self.image_uploads)}",
            f"archive rows per trial: {spread(self.archive_rows)}; feed items per trial: "
            f"{spread(self.feed_items)}",
            f"distinct Message-IDs per reader (readers x trials): {spread(self.distinct_ids)}",
            f"copies resent with the same Message-ID: {self.resent_same_id}, after "
            f"{self.kills_in_window} kills inside the SMTP commit window (server stored the "
            "message, the ledger had not committed it; the rerun resends the same Message-ID)",
            f"DKIM signatures verified: {self.dkim_verified} of {self.delivered} delivered copies",
            f"final state: {spread(self.final_states)}",
            f"created twice: {len(self.duplicates)}; failed trials: {len(self.failures)}",
        ]


def _pick(rng: random.Random, calibration: Calibration, readers: int,
          stage: str) -> tuple[str, int, str, float]:
    """(stage, n, phase, delay) for one trial's kill; ``stage`` '' draws one."""
    stage = stage or rng.choice(STAGES)
    if stage == "start":
        return stage, 0, "", rng.uniform(0, calibration.checked)
    if stage == "archive":
        return stage, 0, "", rng.uniform(0, calibration.archived - calibration.checked)
    count = readers if stage == "smtp" else calibration.requests[stage]
    return stage, rng.randint(1, count), rng.choice(["before", "after"]), 0.0


def _watch(child: subprocess.Popen, killer: Killer, root: Path, delay: float) -> None:
    """``start``/``archive`` kills, by time: ``delay`` after the start or after ``checked``."""
    if killer.stage == "archive":
        while child.poll() is None and state_of(root) in ("none", "built"):
            time.sleep(0.002)
    if child.poll() is None:
        time.sleep(delay)
        killer.kill_now()


def trial(n: int, built: Path, work: Path, key: Path, dns: str, calibration: Calibration,
          rng: random.Random, readers: int, figures: Figures, stage: str = "") -> None:
    stage, at, phase, delay = _pick(rng, calibration, readers, stage)
    killer = Killer(stage, at, phase)
    servers = Servers(killer)
    try:
        root = _fresh(built, work / f"trial-{n:03d}", key, servers)
        figures.kills_aimed[stage] += 1
        for run in range(6):
            before = len(servers.smtp.messages)
            child = _cli(root, "publish", "--date", ISSUE_DATE.isoformat(), "--from-draft",
                         log=root / "publish.log")
            killer.pid = child.pid
            figures.runs += 1
            if run == 0 and stage in ("start", "archive"):
                _watch(child, killer, root, delay)
            try:
                status = child.wait(timeout=300)
            except subprocess.TimeoutExpired:
                child.kill()
                status = child.wait()
                figures.failures.append(f"trial {n}: publish hung for 300 s (see {root}/publish.log)")
                break
            finally:
                killer.pid = 0
            if status == -signal.SIGKILL:
                time.sleep(0.05)  # let the server finish what the dead client had sent
                figures.kills_landed[stage] += 1
                figures.points[f"{stage} {phase}".strip()] += 1
                figures.state_at_kill[f"{stage}: {_where(root)}"] += 1
                figures.kills_in_window += _in_window(root, servers.smtp.messages[before:])
            elif status == 0:
                break
            else:
                figures.failures.append(f"trial {n}: publish exited {status} (see {root}/publish.log)")
                if run >= 3:
                    break
        _count(n, root, servers, dns, readers, figures)
    finally:
        servers.close()
    figures.trials += 1


def _where(root: Path) -> str:
    """The issue's state, with the targets recorded so far: ``archived+ghost:created``."""
    rows = _query(root / ".newsletter" / "publish.sqlite",
                  "SELECT target, status FROM target_outcomes WHERE issue_date = ? ORDER BY target")
    return "+".join([state_of(root), *(f"{target}:{status}" for target, status in rows)])


def _in_window(root: Path, arrived: list) -> bool:
    pending = _query(root / ".newsletter" / "deliveries.sqlite",
                     "SELECT recipient FROM deliveries WHERE issue_date = ? AND status = 'pending'")
    return bool({r for (r,) in pending} & {m.rcpt_tos[0].lower() for m in arrived})


def _count(n: int, root: Path, servers: Servers, dns: str, readers: int, figures: Figures) -> None:
    posts, campaigns = list(servers.ghost.posts.values()), list(servers.listmonk.campaigns.values())
    figures.posts[len(posts)] += 1
    figures.campaigns[len(campaigns)] += 1
    figures.image_uploads[len(servers.ghost.images)] += 1
    rows = _query(root / ".newsletter" / "publish.sqlite", "SELECT COUNT(*) FROM archive WHERE issue_date = ?")
    archived = rows[0][0] if rows else 0
    feed = root / "issues" / "feed.xml"
    items = feed.read_text(encoding="utf-8").count("<item>") if feed.is_file() else 0
    figures.archive_rows[archived] += 1
    figures.feed_items[items] += 1
    final = state_of(root)
    figures.final_states[final] += 1
    if len(posts) > 1 or len(campaigns) > 1 or archived > 1 or items > 1:
        figures.duplicates.append(f"trial {n}: {len(posts)} posts, {len(campaigns)} campaigns, "
                                  f"{archived} archive rows, {items} feed items")
    if ([p["status"] for p in posts] != ["published"] or [c["status"] for c in campaigns] != ["running"]
            or archived != 1 or items != 1 or final != "sent"):
        figures.failures.append(f"trial {n}: posts {[p['status'] for p in posts]}, campaigns "
                                f"{[c['status'] for c in campaigns]}, archive {archived}, feed {items}, "
                                f"state {final}")
    _count_mail(n, servers.smtp.messages, dns, readers, figures)


def _count_mail(n: int, messages: list, dns: str, readers: int, figures: Figures) -> None:
    parser = email.parser.BytesHeaderParser()

    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        return dns.encode() if name == f"{SELECTOR}._domainkey.{DOMAIN}.".encode() else None

    ids: dict[str, list[str]] = {}
    for message in messages:
        ids.setdefault(message.rcpt_tos[0].lower(), []).append(parser.parsebytes(message.data)["Message-ID"])
        figures.delivered += 1
        if dkim.verify(message.data, dnsfunc=lookup):
            figures.dkim_verified += 1
        else:
            figures.failures.append(f"trial {n}: a DKIM signature did not verify ({message.rcpt_tos[0]})")
    for i in range(readers):
        mine = ids.get(f"reader{i}@example.com", [])
        figures.distinct_ids[len(set(mine))] += 1
        figures.resent_same_id += len(mine) - len(set(mine))
        if len(set(mine)) > 1:
            figures.duplicates.append(f"trial {n}: reader{i} got {len(set(mine))} Message-IDs")
    if len(ids) != readers:
        figures.failures.append(f"trial {n}: {readers - len(ids)} readers got nothing")


def run_trials(trials: int, work: Path, *, readers: int = 50, seed: int = 0,
               stages: tuple[str, ...] = ()) -> Figures:
    """Build once, calibrate once, then ``trials`` kill-and-rerun trials under ``work``.

    ``stages``: trial n kills in ``stages[n % len(stages)]`` (default: a stage drawn at random).
    """
    rng, figures = random.Random(seed), Figures()
    built, dns = prepare(work, readers)
    key = work / "dkim.pem"
    calibration = calibrate(built, work, key)
    figures.clean_run_seconds, figures.requests = calibration.seconds, calibration.requests
    for n in range(trials):
        trial(n, built, work, key, dns, calibration, rng, readers, figures,
              stages[n % len(stages)] if stages else "")
    return figures
