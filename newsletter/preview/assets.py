"""The preview page's style sheet and script (kept in Python so they ship without package data).

The script listens to the server's event stream (EventSource, never polling):
each message replaces the status panel and, when the draft changed, reloads
the draft frame where the author was reading.
"""

CSS = """
:root { --bar: #14181d; --bar-2: #1f252c; --ink: #1b1f24; --muted: #5f6b7a; --line: #e3e6ea;
        --canvas: #e9ecf0; --accent: #3b82f6; --ok: #137333; --fail: #b3261e; }
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; display: flex; flex-direction: column; background: var(--canvas); color: var(--ink);
       font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
button, input { font: inherit; }
.bar { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; padding: 8px 14px;
       background: var(--bar); color: #e8ecf1; }
.brand { display: flex; align-items: baseline; gap: 8px; white-space: nowrap; min-width: 0; }
.brand b { font-size: 15px; overflow: hidden; text-overflow: ellipsis; }
.brand .tag { font-size: 11px; letter-spacing: .08em; text-transform: uppercase; color: #8b97a5; }
.tabs { display: flex; gap: 2px; background: var(--bar-2); padding: 3px; border-radius: 9px; flex-wrap: wrap; }
.tabs button, .seg button { border: 0; background: transparent; color: #b7c0cb; padding: 5px 11px;
       border-radius: 7px; cursor: pointer; white-space: nowrap; }
.tabs button:hover, .seg button:hover { color: #fff; }
.tabs button[aria-selected="true"], .seg button[aria-pressed="true"] { background: #3a4450; color: #fff; }
.controls { display: flex; align-items: center; gap: 10px; margin-left: auto; }
.seg { display: flex; background: var(--bar-2); padding: 3px; border-radius: 9px; }
.live { font-size: 12px; color: #8b97a5; white-space: nowrap; }
.live::before { content: "●"; margin-right: 5px; color: #6b7280; }
.live.on::before { color: #34d399; }
.live.off::before { color: #f87171; }
.busy .live::after { content: " · rebuilding…"; color: #fbbf24; }
.status { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 14px 8px; }
.status:empty { display: none; }
.banner { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin: 0 0 10px;
          padding: 10px 12px; border-radius: 8px; background: #fdecea; border: 1px solid #f5c2bd;
          color: #5c1510; }
.banner strong { color: var(--fail); }
.banner code { font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; background: #fff;
               border: 1px solid #f5c2bd; border-radius: 5px; padding: 2px 7px; word-break: break-word; }
.banner .hint { color: #7a3b35; font-size: 12.5px; }
.summary { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; }
.muted { color: var(--muted); }
.when { font-size: 12.5px; }
.badge { font-size: 11px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase;
         padding: 3px 8px; border-radius: 999px; white-space: nowrap; }
.badge.sample { background: #b00020; color: #fff; }
.badge.stale { background: #f59e0b; color: #1f1300; }
.badge.held { background: #fde7e4; color: var(--fail); border: 1px solid #f5c2bd; }
.badge.ready { background: #e6f4ea; color: var(--ok); border: 1px solid #b7dfc2; }
.inbox { margin-top: 8px; padding: 7px 10px; border: 1px solid var(--line); border-radius: 8px;
         background: #fafbfc; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.label { font-size: 10.5px; font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
         color: #8b97a5; margin-right: 8px; }
.checks li.label { border: 0; background: transparent; padding: 3px 2px 3px 0; margin: 0; }
.inbox .subject { font-weight: 650; margin-right: 8px; }
.inbox .preheader { color: var(--muted); }
.checks { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0 0; padding: 0; }
.checks li { display: flex; align-items: center; gap: 5px; padding: 3px 9px; border-radius: 7px;
             border: 1px solid var(--line); background: #fff; font-size: 12.5px; max-width: 100%; }
.checks li b { font-size: 12px; }
.checks li.ok b { color: var(--ok); }
.checks li.fail { border-color: #f5c2bd; background: #fff7f6; }
.checks li.fail b { color: var(--fail); }
.checks small { color: var(--muted); font-size: 11.5px; overflow: hidden; text-overflow: ellipsis;
                white-space: nowrap; max-width: 34ch; }
.checks li.fail small { max-width: none; white-space: normal; color: #7a3b35; }
.warnings { margin: 8px 0 0; padding-left: 18px; color: #7a5200; font-size: 12.5px; }
.sendbar { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; padding: 8px 14px;
           background: #f8fafc; border-bottom: 1px solid var(--line); font-size: 13px; }
.sendbar[hidden] { display: none; }
.sendbar input { width: 260px; max-width: 100%; padding: 5px 9px; border: 1px solid #c9d0d8;
                 border-radius: 7px; }
.sendbar button { padding: 5px 12px; border: 0; border-radius: 7px; background: var(--accent);
                  color: #fff; cursor: pointer; }
.sendbar button:disabled { opacity: .6; cursor: progress; }
.sendbar output.ok { color: var(--ok); }
.sendbar output.fail { color: var(--fail); }
.canvas { flex: 1; min-height: 0; display: flex; justify-content: center; overflow: hidden; }
.frame { height: 100%; width: 100%; background: #fff; transition: width .2s ease; }
.frame iframe { display: block; border: 0; width: 100%; height: 100%; background: #fff; }
.frame.phone { width: 395px; height: calc(100% - 28px); margin: 14px 0; padding: 10px;
               border-radius: 34px; background: #111; box-shadow: 0 10px 30px rgba(0, 0, 0, .28); }
.frame.phone iframe { border-radius: 24px; }
.status-toggle { display: none; }
/* On a phone: one scrolling row of tabs, the status as one line (the checks a tap away), the
   draft at the full width of the screen. */
@media (max-width: 600px) {
  .bar { flex-wrap: nowrap; gap: 8px; padding: 6px 8px; overflow-x: auto; }
  .brand, #width { display: none; }
  .tabs { flex-wrap: nowrap; flex: none; }
  .controls { margin-left: 0; flex: none; order: -1; }
  .status-toggle { order: -1; display: inline-block; border: 0; border-radius: 7px; padding: 5px 11px;
                   background: var(--bar-2); color: #e8ecf1; white-space: nowrap; cursor: pointer; }
  .status-toggle::after { content: " ▾"; }
  body.status-open .status-toggle::after { content: " ▴"; }
  .status { padding: 6px 10px; }
  .banner { margin-bottom: 6px; }
  body:not(.status-open) .status .inbox, body:not(.status-open) .status .checks,
  body:not(.status-open) .status .warnings { display: none; }
  .frame.phone { width: 100%; height: 100%; margin: 0; padding: 0; border-radius: 0;
                 background: #fff; box-shadow: none; }
  .frame.phone iframe { border-radius: 0; }
}
"""

JS = """
(() => {
  const $ = (id) => document.getElementById(id);
  const token = document.querySelector('meta[name="preview-token"]').content;
  const frame = $('draft'), wrap = $('frame-wrap'), live = $('live');
  const sendbar = $('sendbar'), sendForm = $('send-form'), sendResult = $('send-result');
  let shown = Number(document.body.dataset.draft), smtp = document.body.dataset.smtp === '1';
  const saved = (key, fallback) => localStorage.getItem('preview.' + key) || fallback;
  let view = saved('view', 'index.html'), width = saved('width', 'desktop'), scheme = saved('scheme', 'light');

  function pressed(group, attr, value) {
    document.querySelectorAll(group + ' button').forEach((b) => {
      b.setAttribute(attr, String(b.dataset.value === value));
    });
  }
  function showSendbar() { sendbar.hidden = view !== 'email.html'; sendForm.hidden = !smtp;
                           $('send-hint').hidden = smtp; }
  function setView(value) {
    view = value; localStorage.setItem('preview.view', value);
    pressed('#tabs', 'aria-selected', value); showSendbar();
    frame.src = '/draft/' + value;
  }
  function setWidth(value) {
    width = value; localStorage.setItem('preview.width', value);
    pressed('#width', 'aria-pressed', value); wrap.className = 'frame ' + value;
  }
  function setScheme(value) {
    scheme = value; localStorage.setItem('preview.scheme', value);
    pressed('#scheme', 'aria-pressed', value);
    frame.style.colorScheme = value === 'dark' ? 'dark' : 'light';
    forceInversion();
  }
  // Gmail's apps ignore the email's dark CSS and invert its colours, but not its images.
  const INVERSION = 'html { filter: invert(1) hue-rotate(180deg); background: #fff; } '
    + 'img, picture, video { filter: invert(1) hue-rotate(180deg); }';
  function forceInversion() {
    let doc = null;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc || !doc.head) return;
    let style = doc.getElementById('preview-forced-inversion');
    if (scheme === 'invert' && !style) {
      style = doc.createElement('style'); style.id = 'preview-forced-inversion';
      style.textContent = INVERSION; doc.head.appendChild(style);
    } else if (scheme !== 'invert' && style) { style.remove(); }
  }
  frame.addEventListener('load', forceInversion);
  function reloadDraft() {
    let y = 0;
    try { y = frame.contentWindow.scrollY; } catch (e) { /* not loaded yet */ }
    frame.addEventListener('load', () => {
      try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* ignore */ }
    }, { once: true });
    frame.contentWindow.location.reload();
  }
  function apply(message) {
    if (message.server && message.server !== document.body.dataset.server) {
      location.reload();  // the preview was restarted: a new token, a new draft count
      return;
    }
    $('status').innerHTML = message.html;
    document.title = message.title;
    document.querySelector('.brand b').textContent = message.brand;
    document.body.classList.toggle('busy', message.busy);
    smtp = message.smtp; showSendbar();
    if (message.draft !== shown) { shown = message.draft; reloadDraft(); }
  }

  $('status-toggle').addEventListener('click', () => {
    const open = document.body.classList.toggle('status-open');
    $('status-toggle').setAttribute('aria-expanded', String(open));
  });
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => setView(b.dataset.value)));
  document.querySelectorAll('#width button').forEach((b) => b.addEventListener('click', () => setWidth(b.dataset.value)));
  document.querySelectorAll('#scheme button').forEach((b) => b.addEventListener('click', () => setScheme(b.dataset.value)));
  sendForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = sendForm.querySelector('button');
    button.disabled = true; sendResult.className = ''; sendResult.textContent = 'Sending…';
    try {
      const response = await fetch('/send-test', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Preview-Token': token },
        body: JSON.stringify({ address: $('send-address').value }),
      });
      const result = await response.json();
      sendResult.className = result.ok ? 'ok' : 'fail';
      sendResult.textContent = result.ok ? 'Sent: ' + result.message_id : result.error;
    } catch (e) {
      sendResult.className = 'fail'; sendResult.textContent = 'The preview server did not answer.';
    } finally { button.disabled = false; }
  });

  setWidth(width); setScheme(scheme); setView(view);
  const events = new EventSource('/events');
  events.addEventListener('draft', (event) => apply(JSON.parse(event.data)));
  events.addEventListener('open', () => { live.className = 'live on'; live.title = 'Live reload: connected'; });
  events.addEventListener('error', () => { live.className = 'live off'; live.title = 'Live reload: reconnecting'; });
})();
"""
