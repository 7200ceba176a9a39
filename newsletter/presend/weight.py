"""The weight of the email's images: each chart it shows, and all of them together.

The charts are attached as ``cid:`` parts, so they do not count toward Gmail's clip,
but every reader downloads them: a heavy email is slow on a phone and looks like bulk.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsletter.presend import CheckItem

_CID = re.compile(r"cid:([\w.\-]+)")


def image_weight(folder: Path, html: str, *, max_image_kb: int, max_total_kb: int) -> CheckItem:
    """Each image the email shows (charts/NAME.png for ``cid:NAME``) at most ``max_image_kb``,
    all together at most ``max_total_kb`` (1 KB = 1,024 bytes; the limits themselves pass)."""
    names = list(dict.fromkeys(_CID.findall(html)))
    sizes = {name: (folder / "charts" / f"{name}.png").stat().st_size for name in names
             if (folder / "charts" / f"{name}.png").is_file()}
    total = sum(sizes.values())
    heavy = [f"{name}.png {size / 1024:.1f} KB" for name, size in sizes.items()
             if size > max_image_kb * 1024]
    problems = []
    if heavy:
        problems.append(f"over {max_image_kb} KB each: {', '.join(heavy)}")
    if total > max_total_kb * 1024:
        problems.append(f"{total / 1024:.1f} KB in all, over {max_total_kb} KB")
    if problems:
        return CheckItem("image weight", False, "; ".join(problems))
    biggest = max(sizes.values(), default=0)
    return CheckItem("image weight", True,
                     f"{len(sizes)} images, {total / 1024:.1f} KB in all (limit {max_total_kb}), "
                     f"biggest {biggest / 1024:.1f} KB (limit {max_image_kb})")
