"""``publish.targets`` in newsletter.yaml: mistakes are one line naming file, line and key (exit 2)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.config import Config, GhostTarget, ListmonkTarget, SmtpTarget, load_config

BAD = [
    ("publish:\n  targets:\n    - kind: substack\n",
     "newsletter.yaml:3: publish.targets[0]: input tag 'substack' found using 'kind' does not match"),
    ("publish:\n  targets:\n    - kind: smtp\n    - kind: smtp\n",
     "newsletter.yaml:2: publish.targets: each kind of target at most once (smtp is listed twice)"),
    ("publish:\n  targets:\n    - kind: ghost\n      url: https://x.ghost.io\n      send_time: '25:00'\n",
     "newsletter.yaml:3: publish.targets[0].ghost.send_time: expected a 24-hour time like 07:30"),
    ("publish:\n  targets:\n    - kind: listmonk\n      url: https://lists.x\n      username: api\n      lists: []\n",
     "newsletter.yaml:3: publish.targets[0].listmonk.lists: list should have at least 1 item"),
    ("publish:\n  targets:\n    - kind: ghost\n      url: https://x.ghost.io\n      mode: send\n",
     "newsletter.yaml:3: publish.targets[0].ghost.mode: input should be 'draft', 'schedule' or 'publish'"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_target_config_is_one_line(tmp_path: Path, capsys, text: str, expected: str) -> None:
    (tmp_path / "newsletter.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    code = main(["-C", str(tmp_path), "build", "--source", "sample"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert expected in err, err


def test_default_is_smtp_alone() -> None:
    assert Config().publish.targets == [SmtpTarget(kind="smtp")]


def test_the_shipped_newsletter_yaml_lists_every_target_kind() -> None:
    """The repository's own newsletter.yaml documents the targets (commented out but smtp)."""
    text = (Path(__file__).parents[3] / "newsletter.yaml").read_text(encoding="utf-8")
    for kind in ("smtp", "listmonk", "ghost", "buttondown"):
        assert f"kind: {kind}" in text


def test_secrets_are_named_never_given(tmp_path: Path) -> None:
    (tmp_path / "newsletter.yaml").write_text(textwrap.dedent("""\
        publish:
          targets:
            - kind: listmonk
              url: https://lists.example.com
              username: api
              lists: [1, 2]
            - kind: ghost
              url: https://letter.ghost.io
              key_env: GHOST_KEY
        """))
    targets = load_config(tmp_path).publish.targets
    assert isinstance(targets[0], ListmonkTarget) and targets[0].token_env == "NEWSLETTER_LISTMONK_TOKEN"
    assert isinstance(targets[1], GhostTarget) and targets[1].key_env == "GHOST_KEY"
    assert not any("token" == name or "key" == name for name in ListmonkTarget.model_fields)
