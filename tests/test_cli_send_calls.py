"""`newsletter send --test` and `newsletter calls` through the command line."""

from __future__ import annotations

from pathlib import Path

from newsletter.cli import main
from tests.publish.smtp_server import SmtpTestServer, smtp_server_fixture  # noqa: F401

DATE = "2026-11-22"


def _workspace(root: Path, port: int) -> Path:
    (root / "newsletter.yaml").write_text(
        "email:\n  from: Letter <letter@example.com>\n  smtp:\n    host: 127.0.0.1\n"
        f"    port: {port}\n    security: none\n    timeout: 5\n", encoding="utf-8")
    return root


def test_send_test_delivers_one_marked_copy_with_its_charts(tmp_path: Path, smtp_server: SmtpTestServer,
                                                            capsys) -> None:
    root = _workspace(tmp_path, smtp_server.port)
    assert main(["-C", str(root), "build", "--source", "sample", "--date", DATE]) == 0
    capsys.readouterr()
    assert main(["-C", str(root), "send", "--test", "me@example.com"]) == 0
    assert "Sent a [TEST] copy to me@example.com" in capsys.readouterr().out
    [received] = smtp_server.messages
    message = received.message()
    assert message["Subject"].startswith("[TEST] [SAMPLE] 🚨 ")
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert len(images) == len(list((root / "issues" / DATE / "charts").glob("*.png")))


def test_send_without_a_build_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    code = main(["-C", str(tmp_path), "send", "--test", "me@example.com"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no built issue yet" in err


def test_calls_prints_the_track_record(tmp_path: Path, capsys) -> None:
    assert main(["-C", str(tmp_path), "calls"]) == 0
    assert "No calls stored yet" in capsys.readouterr().out
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-11-15.yaml").write_text(
        "calls:\n  - ticker: SPY\n    direction: long\n    trigger: 710\n    target: 730\n    stop: 700\n"
        "    horizon: 2026-11-20\n", encoding="utf-8")
    for day in ("2026-11-15", DATE):
        assert main(["-C", str(tmp_path), "build", "--source", "sample", "--date", day]) == 0
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "calls"]) == 0
    out = capsys.readouterr().out
    assert "Track record, graded with prices to 2026-11-20" in out
    # the sample's SPY closes at 720.03 on Nov 16 (over the 710 trigger, under the 730 target)
    # and trades to 732.62 on Nov 18: a hit. (A trigger of 1 and a target of 2, as this test had,
    # is a close already past the target: never entered, since 7d785a8.)
    spy_line = next(ln for ln in out.splitlines() if " SPY " in ln and "notes" in ln)
    assert spy_line.lstrip().startswith("✅")
    assert "notes" in out and "all" in out
