"""The send at scale: SMTP to a local aiosmtpd (127.0.0.1), through the real ``deliver``.

    .venv/bin/python -m benchmarks.bench_send                      # 1,000, 10,000, 50,000 readers
    .venv/bin/python -m benchmarks.bench_send --readers 1000 10000 --rate 1200 --rate-readers 3000

For each size: messages per second with the rate limit off, and the sender's peak
memory above its start (its own ``ru_maxrss``: the sender runs in a child process,
the server here), and how much that grew from the smallest list to the largest: the
list is streamed from the file and duplicates are found in the ledger, so it should not. At a set rate (``email.rate_per_minute``): the most messages the
server saw in any 60 s, and the sustained rate after the first minute, against the
rate set. Then resume: the sender is SIGKILLed mid-list (when the server has taken
a third of the readers), rerun, and every reader is counted: each must hold one
Message-ID; a kill between the server's reply and the ledger's commit resends that
reader the same Message-ID, and is counted, not hidden.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[1]
ISSUE_DATE = "2026-11-22"
HTML_KB = 40
"""The synthetic email's HTML size: about what a real issue weighs (the limit is 60 KB)."""


class Counting:
    """aiosmtpd handler: counts each recipient's messages and Message-IDs, stamps each arrival."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.per_reader: Counter[str] = Counter()
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.stamps: list[float] = []
        self.kill_at: int | None = None
        self.reached = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        head = envelope.original_content[:4096].decode("utf-8", "replace")
        mid = next((line.split(":", 1)[1].strip() for line in head.splitlines()
                    if line.lower().startswith("message-id:")), "")
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.per_reader[rcpt.lower()] += 1
                self.ids[rcpt.lower()].add(mid)
            self.stamps.append(time.monotonic())
            if self.kill_at is not None and len(self.stamps) >= self.kill_at:
                self.reached.set()
        return "250 2.0.0 OK: queued"


def child(args: argparse.Namespace) -> None:
    """The sender: one ``deliver`` run; prints its figures as JSON."""
    import datetime as dt

    from newsletter.config import EmailConfig
    from newsletter.publish.email_message import RenderedEmail
    from newsletter.publish.recipients import RecipientsFile
    from newsletter.publish.smtp_delivery import deliver

    config = EmailConfig.model_validate({
        "from": "Bench <letter@example.com>", "rate_per_minute": args.rate, "batch_size": 100,
        "smtp": {"host": "127.0.0.1", "port": args.port, "security": "none", "timeout": 30}})
    paragraph = "<p>Small caps beat large caps for the ninth session running. </p>\n"
    html = "<html><body>" + paragraph * (HTML_KB * 1024 // len(paragraph)) + "</body></html>"
    email = RenderedEmail("Bench issue", html, "Small caps beat large caps.\n" * 200, {})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = deliver(email, RecipientsFile(Path(args.recipients)), config=config,
                     issue_date=dt.date.fromisoformat(ISSUE_DATE), web_url="https://example.com/l/",
                     ledger_path=Path(args.ledger), password="")
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "sent": report.sent, "total": report.total,
                      "rss_start_kb": before, "rss_peak_kb": after}))


def _sender(port: int, readers: Path, ledger: Path, rate: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.bench_send", "--child", "--port", str(port),
                             "--recipients", str(readers), "--ledger", str(ledger), "--rate", str(rate)],
                            cwd=REPO, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "NEWSLETTER_SMTP_PASSWORD": ""})


def _readers(folder: Path, count: int) -> Path:
    path = folder / f"readers-{count}.txt"
    path.write_text("".join(f"reader{i}@example.com\n" for i in range(count)))
    return path


def _run(port: int, work: Path, count: int, rate: int) -> dict:
    folder = Path(tempfile.mkdtemp(dir=work))
    done = _sender(port, _readers(folder, count), folder / "ledger.sqlite", rate)
    out, _ = done.communicate()
    return json.loads(out.strip().splitlines()[-1])


def busiest_minute(stamps: list[float], window: float = 60.0) -> int:
    """The most arrivals in any ``window`` seconds (a sliding window over sorted stamps)."""
    best, first = 0, 0
    for last, stamp in enumerate(stamps):
        while stamp - stamps[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


def unlimited(handler: Counting, port: int, work: Path, sizes: list[int]) -> bool:
    ok = True
    grown_by_size: dict[int, float] = {}
    print("rate limit off (rate_per_minute 100,000,000):")
    for count in sizes:
        handler.stamps.clear()
        figures = _run(port, work, count, 100_000_000)
        grown = (figures["rss_peak_kb"] - figures["rss_start_kb"]) / 1024
        print(f"  {count:>7,} readers: {figures['sent']:,} sent in {figures['seconds']:.1f} s = "
              f"{figures['sent'] / figures['seconds']:,.0f} messages/s; sender peak memory "
              f"{figures['rss_peak_kb'] / 1024:.0f} MB ({grown:+.1f} MB over its start, "
              f"{grown * 1024 * 1024 / count:.0f} bytes a reader)", flush=True)
        ok &= figures["sent"] == count
        grown_by_size[count] = grown
    if len(grown_by_size) > 1:
        (small, low), (large, high) = min(grown_by_size.items()), max(grown_by_size.items())
        print(f"  memory from {small:,} to {large:,} readers: {low:+.1f} MB to {high:+.1f} MB over the "
              f"start, {(high - low) * 1024 * 1024 / (large - small):.1f} bytes a reader more "
              "(the list is streamed, duplicates found in the ledger)", flush=True)
    return ok


def limited(handler: Counting, port: int, work: Path, count: int, rate: int) -> bool:
    handler.stamps.clear()
    figures = _run(port, work, count, rate)
    stamps = sorted(handler.stamps)
    busiest = busiest_minute(stamps)
    minutes = full_minutes(stamps)
    shown = ", ".join(f"{n:,}" for n in minutes)
    print(f"rate limit {rate:,}/min, {count:,} readers: {figures['sent']:,} sent in "
          f"{figures['seconds']:.1f} s; busiest 60 s: {busiest:,} messages ({busiest / rate:.2%} of the "
          f"rate); each full minute of the run: {shown} ({min(minutes, default=0) / rate:.2%} to "
          f"{max(minutes, default=0) / rate:.2%} of the rate)", flush=True)
    return (figures["sent"] == count and busiest <= rate and bool(minutes)
            and all(abs(n / rate - 1) <= 0.01 for n in minutes))


def full_minutes(stamps: list[float]) -> list[int]:
    """Arrivals in each minute from the first, the minutes the run outlasted (not the last)."""
    counts = Counter(int((stamp - stamps[0]) // 60) for stamp in stamps)
    return [counts[minute] for minute in range(int((stamps[-1] - stamps[0]) // 60))]


def resume(handler: Counting, port: int, work: Path, count: int) -> bool:
    folder = Path(tempfile.mkdtemp(dir=work))
    readers, ledger = _readers(folder, count), folder / "ledger.sqlite"
    handler.per_reader.clear()
    handler.ids.clear()
    handler.stamps.clear()
    handler.reached.clear()
    handler.kill_at = count // 3
    first = _sender(port, readers, ledger, 100_000_000)
    handler.reached.wait(timeout=600)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = len(handler.stamps)
    handler.kill_at = None
    rerun = _sender(port, readers, ledger, 100_000_000)
    out, _ = rerun.communicate()
    figures = json.loads(out.strip().splitlines()[-1])
    expected = {f"reader{i}@example.com" for i in range(count)}
    twice = [r for r, n in handler.per_reader.items() if n > 1]
    new_id = [r for r in twice if len(handler.ids[r]) > 1]
    missing = expected - set(handler.per_reader)
    print(f"resume: {count:,} readers, SIGKILL after the server took {killed_at:,}; the rerun sent "
          f"{figures['sent']:,} ({figures['total'] - figures['sent']:,} settled earlier); "
          f"missing {len(missing)}, received twice {len(twice)} (the kill inside the reply-to-commit "
          f"window; with a second Message-ID: {len(new_id)})", flush=True)
    return not missing and not new_id and len(twice) <= 1


def _serve(handler: Counting) -> tuple[Controller, int]:
    """aiosmtpd on a free port of 127.0.0.1 (it cannot start on port 0: it connects to check)."""
    for _ in range(20):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except (OSError, RuntimeError):  # lost the port race; try another
            continue
        return controller, port
    raise RuntimeError("no free port for the SMTP server")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--rate", type=int, default=1_200, help="per minute, for the rate run")
    parser.add_argument("--rate-readers", type=int, default=3_000)
    parser.add_argument("--resume-readers", type=int, default=3_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--recipients", help=argparse.SUPPRESS)
    parser.add_argument("--ledger", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    handler = Counting()
    controller, port = _serve(handler)
    floor = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import newsletter.publish.smtp_delivery"], cwd=REPO, check=True)
    print(f"import floor (a process importing the send stack): {time.perf_counter() - floor:.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {HTML_KB} KB HTML, no DKIM")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-send-") as work:
            ok = unlimited(handler, port, Path(work), args.readers)
            if args.rate_readers:
                ok &= limited(handler, port, Path(work), args.rate_readers, args.rate)
            if args.resume_readers:
                ok &= resume(handler, port, Path(work), args.resume_readers)
    finally:
        controller.stop()
    print("verdict: " + ("every reader once, the rate within 1%" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
