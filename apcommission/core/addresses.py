"""Addresses of a list's rows from one reversed prefix.

`{% url %}` for each of a page's rows resolves the same pattern again for every row (a tenth of a
list page's time); a row's address differs from its neighbours' only in its id.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from . import layout

#: An id no row has, to find where the id goes in the reversed address.
_MARKER = 9_876_543_210

#: Each address's text before and after its id, kept for the process by everything reverse reads
#: (the name and core.layout.key: the settings' generation, the script prefix and the URLconf):
#: record pages ask for several a request.
_PARTS: dict[tuple, tuple[str, str]] = {}


def address_of(url_name: str) -> Callable[[int], str]:
    """A function giving reverse(url_name, args=[pk]) for any pk, with reverse called once a process."""
    key = (url_name, *layout.key())
    parts = _PARTS.get(key)
    if parts is None:
        parts = _PARTS[key] = tuple(reverse(url_name, args=[_MARKER]).split(str(_MARKER)))
    before, after = parts
    return lambda pk: f"{before}{pk}{after}"
