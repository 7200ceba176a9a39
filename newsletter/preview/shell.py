"""The preview page around the draft: tabs, phone and desktop widths, the status panel.

The status panel is rendered here at first and then kept current by the
event stream; the draft itself lives in an iframe whose width is the toggle.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from newsletter.preview.assets import CSS, JS
from newsletter.preview.status import status_html
from newsletter.preview.views import VIEWS

if TYPE_CHECKING:
    from newsletter.preview.drafts import PreviewState

WIDTHS = {"phone": "Phone · 375", "desktop": "Desktop"}
SCHEMES = {"light": "Light", "dark": "Dark", "invert": "Inverted"}
"""Light; dark (the outputs' own dark CSS, as Apple Mail applies it); inverted (colours forced
dark over the light design, images kept, as Gmail's apps do)."""


def _buttons(choices: dict[str, str], attr: str) -> str:
    return "".join(f'<button type="button" data-value="{value}" {attr}="false">{html.escape(label)}'
                   "</button>" for value, label in choices.items())


def shell_page(state: PreviewState, *, token: str, smtp: bool, instance: str = "") -> str:
    """The whole preview page, with the CSRF token the send form must echo.

    ``instance`` names the server that made the page: a browser that reconnects
    to another one (the preview was restarted) loads the page again.
    """
    config = state.workspace.config if state.workspace is not None else None
    title = config.title if config is not None else "newsletter"
    author = config.email.author_address if config is not None else ""
    password_env = config.email.smtp.password_env if config is not None else "the password variable"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="preview-token" content="{html.escape(token)}">
<title>Preview · {html.escape(title)}</title>
<style>{CSS}</style>
</head>
<body data-draft="{state.draft_version}" data-smtp="{int(smtp)}" data-server="{html.escape(instance)}"
      class="{'busy' if state.busy else ''}">
<header class="bar">
  <div class="brand"><b>{html.escape(title)}</b><span class="tag">draft preview</span></div>
  <nav class="tabs" id="tabs" role="tablist" aria-label="Output">{_buttons(VIEWS, 'aria-selected')}</nav>
  <div class="controls">
    <div class="seg" id="width" role="group" aria-label="Width">{_buttons(WIDTHS, 'aria-pressed')}</div>
    <div class="seg" id="scheme" role="group" aria-label="Colour scheme">{_buttons(SCHEMES, 'aria-pressed')}</div>
    <button type="button" class="status-toggle" id="status-toggle" aria-controls="status"
            aria-expanded="false">Checks</button>
    <span class="live" id="live" title="Live reload">live</span>
  </div>
</header>
<section class="status" id="status" aria-live="polite">{status_html(state)}</section>
<section class="sendbar" id="sendbar" hidden>
  <form id="send-form" hidden>
    <label for="send-address">Send a test copy of this email to</label>
    <input id="send-address" name="address" type="email" required value="{html.escape(author)}"
           placeholder="you@example.com" autocomplete="email">
    <button type="submit">Send test</button>
    <output id="send-result" aria-live="polite"></output>
  </form>
  <span id="send-hint" class="muted">To send yourself a test copy, set <code>email.smtp</code> in
    newsletter.yaml and export <code>{html.escape(password_env)}</code> before starting the preview.</span>
</section>
<main class="canvas"><div class="frame desktop" id="frame-wrap">
  <iframe id="draft" title="The draft"></iframe>
</div></main>
<script>{JS}</script>
</body>
</html>
"""
