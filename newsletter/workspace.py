"""Find the workspace (the folder holding ``newsletter.yaml``) and its paths."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsletter.config import CONFIG_FILE, Config, load_config

PACKAGE_DIR = Path(__file__).resolve().parent


def find_workspace(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` with a ``newsletter.yaml``; else ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return here


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: Config

    @classmethod
    def open(cls, start: Path | None = None) -> Workspace:
        root = find_workspace(start)
        return cls(root=root, config=load_config(root))

    @property
    def notes_dir(self) -> Path:
        return self.root / "notes"

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.output

    @property
    def state_dir(self) -> Path:
        """Where ledgers and job stores live (not published)."""
        return self.root / ".newsletter"

    def template_dirs(self) -> list[Path]:
        """The workspace's templates first, the packaged defaults last."""
        return [p for p in (self.root / "templates", PACKAGE_DIR / "templates") if p.is_dir()]

    def chart_style_dirs(self) -> list[Path]:
        return [p for p in (self.root / "charts", PACKAGE_DIR / "charts") if p.is_dir()]
