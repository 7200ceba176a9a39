"""The email's CSS against the packaged caniemail extract: features found, each unsupported
one named with the listed clients that lack it; a note unless ``hold``."""

from __future__ import annotations

from newsletter.presend.css_support import css_features, css_support, support_data, unsupported

EMAIL = """<html><head><style>
  /* a comment: display: flex is not used */
  @media (prefers-color-scheme: dark) { .body { background-color: #111 !important; } }
</style></head><body>
<td style="padding: 0 8px; border-radius: 4px; color: #222">x</td>
<div style="display:none; max-height:0; overflow:hidden">preheader</div>
</body></html>"""


def test_the_extract_says_where_and_when_it_comes_from():
    data = support_data()
    assert "caniemail" in data["source"] and data["last_update_date"][:4].isdigit()
    assert "css-border-radius" in data["features"]


def test_features_come_from_inline_styles_and_style_blocks_not_comments():
    assert css_features(EMAIL) == {
        "html-style", "css-at-media", "css-at-media-prefers-color-scheme", "css-background-color",
        "css-important", "css-padding", "css-border-radius", "css-display-none", "css-max-height",
        "css-overflow"}


def test_each_unsupported_feature_names_the_listed_clients_lacking_it():
    missing = unsupported(EMAIL, ["gmail.desktop-webmail", "outlook.windows", "apple-mail.ios"])
    support = support_data()["features"]
    for slug, clients in missing.items():
        assert all(support[slug]["support"][c] == "n" for c in clients)
    assert "gmail.desktop-webmail" in missing["css-at-media-prefers-color-scheme"]
    assert "outlook.windows" in missing["css-border-radius"]
    assert all("apple-mail.ios" not in clients for clients in missing.values())


def test_a_family_stands_for_all_its_platforms():
    assert set(unsupported(EMAIL, ["gmail"])["css-at-media-prefers-color-scheme"]) >= {
        "gmail.desktop-webmail", "gmail.ios", "gmail.android"}


def test_a_note_passes_naming_the_features_and_hold_fails():
    note = css_support(EMAIL, ["outlook.windows"], hold=False)
    held = css_support(EMAIL, ["outlook.windows"], hold=True)
    assert note.ok and not held.ok and note.detail == held.detail
    assert "border-radius" in note.detail and "not in outlook.windows" in note.detail


def test_a_client_supporting_everything_passes_clean():
    item = css_support(EMAIL, ["apple-mail.ios"], hold=True)
    assert item.ok and item.detail.startswith("10 features, all supported by apple-mail.ios")
