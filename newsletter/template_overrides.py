"""Template overrides on purpose: list the packaged templates, copy one into the workspace.

A file in the workspace's ``templates/`` wins over the packaged template of the
same name (as MkDocs' ``custom_dir``), and then no later fix of that template
reaches the workspace. So nothing is copied unless the author asks for that
one template.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from newsletter.atomic import atomic_write_bytes
from newsletter.errors import NewsletterError
from newsletter.workspace import PACKAGE_DIR, Workspace

PACKAGED = PACKAGE_DIR / "templates"
SUFFIX = ".j2"


@dataclass(frozen=True)
class TemplateState:
    """One packaged template and the workspace's copy of it, if any."""

    name: str
    """Its path under ``templates/`` (``sections/recap.md.j2``)."""
    override: Path | None
    edited: bool
    """The override differs from the packaged template (False when identical or absent)."""


def packaged_templates() -> list[str]:
    """Every packaged template, by its name under ``templates/``."""
    return sorted(p.relative_to(PACKAGED).as_posix() for p in PACKAGED.rglob(f"*{SUFFIX}")
                  if p.is_file())


def template_states(ws: Workspace) -> list[TemplateState]:
    """Each packaged template, and whether the workspace overrides it."""
    states = []
    for name in packaged_templates():
        copy = ws.root / "templates" / name
        if copy.is_file():
            states.append(TemplateState(name, copy, copy.read_bytes() != (PACKAGED / name).read_bytes()))
        else:
            states.append(TemplateState(name, None, False))
    return states


def resolve_name(name: str) -> str:
    """A packaged template from its path, its file name, or its file name without ``.j2``
    or without every suffix (``sections/recap.md.j2``, ``recap.md.j2``, ``recap``)."""
    names = packaged_templates()
    wanted = name.strip().removeprefix("templates/")
    if wanted in names:
        return wanted
    for key in (lambda n: n.rsplit("/", 1)[-1], lambda n: n.rsplit("/", 1)[-1].removesuffix(SUFFIX),
                lambda n: n.rsplit("/", 1)[-1].split(".", 1)[0]):
        found = [n for n in names if key(n) == wanted]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NewsletterError(f"{name!r} names {len(found)} templates ({', '.join(found)}): "
                                  "give its path", key="NAME")
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise NewsletterError(f"no packaged template {name!r}; {hint}`newsletter templates list` "
                          "shows them all", key="NAME")


def copy_template(ws: Workspace, name: str, *, force: bool = False) -> Path:
    """Copy one packaged template into ``templates/`` to override it; never overwrite unasked."""
    found = resolve_name(name)
    target = ws.root / "templates" / found
    if target.exists() and not force:
        shown = target.relative_to(ws.root)
        raise NewsletterError("already overridden; use --force to replace it with the packaged "
                              "template", file=shown)
    atomic_write_bytes(target, (PACKAGED / found).read_bytes())
    return target
