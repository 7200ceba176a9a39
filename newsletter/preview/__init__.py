"""Local preview of the current draft, with live reload: ``newsletter preview``.

| module      | its one job                                                        |
|-------------|--------------------------------------------------------------------|
| server.py   | start and stop the server, builder and watcher: :func:`serve`      |
| routes.py   | the HTTP routes, the Host and token guards                         |
| drafts.py   | rebuild the draft on a change (notes → render, config → gather)    |
| watch.py    | watch newsletter.yaml, notes/, templates/, charts/                 |
| events.py   | server-sent events: tell the browser the draft changed             |
| status.py   | the checks, SAMPLE and stale badges, the error banner              |
| views.py    | the draft's outputs as pages (email with its cid: images resolved) |
| shell.py    | the page around the draft: tabs, phone and desktop widths          |
| assets.py   | that page's style sheet and script                                 |
| send.py     | send the draft's email to one address                              |
"""

from newsletter.preview.server import PreviewServer, serve

__all__ = ["PreviewServer", "serve"]
