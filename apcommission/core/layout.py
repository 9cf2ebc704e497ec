"""What the layout (templates/base.html and templates/includes/) shows the same way on every
page, worked out once per process rather than for each request: the addresses of the service's own
pages, the static files' URLs and the settings it shows; the markup itself through `{% once %}`
(core/templatetags/layout.py).

Kept per script prefix and URLconf (what `reverse` depends on), and forgotten whenever a setting
changes (tests change the service's phase and timeouts)."""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

#: The footer's links to the service's own pages (URL names, so no app is imported here).
FOOTER_LINKS = (
    ("dataprotection:privacy", "Privacy notice"),
    ("core:accessibility", "Accessibility statement"),
    ("core:cookies", "Cookies"),
    ("core:feedback", "Feedback"),
)

_ADDRESSES: dict[tuple, str] = {}
_STATIC: dict[str, str] = {}
_CONSTANTS: dict[tuple, dict] = {}


def address(url_name: str) -> str:
    """`reverse(url_name)` for a page whose address takes no arguments, once per process."""
    url = _ADDRESSES.get((*key(), url_name))
    if url is None:
        url = _ADDRESSES[(*key(), url_name)] = reverse(url_name)
    return url


def static_url(path: str) -> str:
    """The URL of a static file (hashed in production), once per process."""
    url = _STATIC.get(path)
    if url is None:
        url = _STATIC[path] = static(path)
    return url


def constants() -> dict:
    """The layout's context that is the same for every request (core.context_processors.service)."""
    found = _CONSTANTS.get(key())
    if found is None:
        found = _CONSTANTS[key()] = {
            "session_timeout": {
                "warning_seconds": settings.SESSION_IDLE_WARNING_MINUTES * 60,
                "warning_minutes": settings.SESSION_IDLE_WARNING_MINUTES,
            },
            "service_name": settings.SERVICE_NAME,
            "service_phase": settings.SERVICE_PHASE,
            "footer_links": FOOTER_LINKS,
        }
    return found


def key() -> tuple:
    """What the layout's constant parts depend on: the settings (their generation, counted as tests
    change them), the script prefix and the URLconf (`reverse`)."""
    return (_generation[0], get_script_prefix(), get_urlconf())


_generation = [0]


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _generation[0] += 1
    _ADDRESSES.clear()
    _STATIC.clear()
    _CONSTANTS.clear()
