"""How the author runs ``newsletter`` from a shell, said exactly.

``make demo`` installs the command into ``.venv/bin``, which is on nobody's
PATH until that environment is activated; every "Next: …" line the command
prints uses the spelling that works in the author's shell as it is.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def installed_script() -> Path | None:
    """The ``newsletter`` script beside the running Python (a virtualenv's ``bin/``), if any."""
    script = Path(sys.executable).parent / "newsletter"
    return script if script.is_file() else None


def on_path(script: Path, path: str | None = None) -> bool:
    """Whether typing ``newsletter`` in a shell with this PATH runs ``script``."""
    found = shutil.which("newsletter", path=path if path is not None else os.environ.get("PATH"))
    return found is not None and Path(found).resolve() == script.resolve()


def newsletter_command(path: str | None = None) -> str:
    """What to type to run this ``newsletter``: the bare name when the PATH finds it, else its path."""
    script = installed_script()
    if script is None:
        return f"{shlex.quote(sys.executable)} -m newsletter"
    if on_path(script, path):
        return "newsletter"
    return shlex.quote(str(script.absolute()))


def activate_hint(path: str | None = None) -> str | None:
    """One line on putting ``newsletter`` on the PATH, or None when it is there already."""
    script = installed_script()
    if script is None or on_path(script, path):
        return None
    activate = script.parent / "activate"
    if not activate.is_file():
        return None
    return (f"(`newsletter` is not on your PATH: run `source {shlex.quote(str(activate.absolute()))}` "
            "once per shell to type just `newsletter`)")
