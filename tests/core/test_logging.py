"""The console log: a refused request (403, 404) is one line; a server error keeps its traceback."""

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from apcommission.core.logging import RefusalsOnOneLine


@pytest.fixture
def console():
    """The settings' console handler, writing to a string for the test."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RefusalsOnOneLine) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_forbidden_page_is_one_line_on_the_console(client, senco_school_a, console):
    client.force_login(senco_school_a)
    assert client.get(reverse("core:audit-log")).status_code == 403
    lines = console.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "WARNING django.request Forbidden" in lines[0] and "/audit/" in lines[0]


def test_a_missing_page_is_one_line_on_the_console_even_with_debug_on(client, la_officer, console, settings):
    settings.DEBUG = True
    client.force_login(la_officer)
    assert client.get(reverse("providers:detail", args=[999999])).status_code == 404
    lines = console.getvalue().splitlines()
    assert len(lines) == 1 and "Not Found: /providers/999999/" in lines[0], lines


@pytest.mark.parametrize(("error", "status"), [(PermissionDenied("no"), 403), (Http404("gone"), 404)])
def test_the_filter_drops_the_traceback_of_a_refusal_only(error, status):
    def record(status_code):
        try:
            raise error
        except Exception as raised:
            exc_info = (type(raised), raised, raised.__traceback__)
        entry = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Refused", (), exc_info)
        entry.status_code = status_code
        return entry

    refused, failed = record(status), record(500)
    assert RefusalsOnOneLine().filter(refused) and refused.exc_info is None
    assert RefusalsOnOneLine().filter(failed) and failed.exc_info is not None
