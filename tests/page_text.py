"""A page's text as a reader sees it: entities decoded, so a pupil called O'Brien is found by name
(Django escapes the apostrophe as &#x27;, and factory names are random)."""

from __future__ import annotations

import html


def page_text(response_or_html) -> str:
    content = getattr(response_or_html, "content", response_or_html)
    if isinstance(content, bytes):
        content = content.decode()
    return html.unescape(content)
