"""PDFs: a Django template rendered to HTML, then WeasyPrint, fetching only our static files
(never the network), in Liberation Sans so output is the same on every machine (design.md)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://apcommission.invalid/"


class RefusedFetch(ValueError):
    """WeasyPrint asked for something other than one of our static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serves `/static/...` from the staticfiles finders and refuses every other URL."""

    def fetch(self, url, headers=None):
        prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
        if not url.startswith(prefix):
            raise RefusedFetch(f"Refused to fetch {url}: PDFs may use our static files only")
        relative = url[len(prefix) :].split("?")[0].split("#")[0]
        if ".." in Path(relative).parts:
            raise RefusedFetch(f"Refused to fetch {url}")
        path = finders.find(relative)
        if not path:
            raise RefusedFetch(f"No static file {relative}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type}, 200)


def render_pdf(template_name: str, context: dict, *, tagged: bool = False) -> bytes:
    """The template rendered to a PDF. `tagged`: an accessible PDF/UA-1 document (structure tags,
    a real text layer, the document's language and title), for reports that are published."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    if tagged:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    return document.write_pdf()
