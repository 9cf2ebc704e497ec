"""What the layout (templates/base.html and templates/includes/) shows the same way on every
page, worked out once per process rather than for each request: the addresses of the service's own
pages, the static files' URLs, the timeout warning's figures, and the footer, rendered.

Kept per script prefix and URLconf (what `reverse` depends on), and forgotten whenever a setting
changes (tests change the service's phase and timeouts)."""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

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
    key = (get_script_prefix(), get_urlconf(), url_name)
    url = _ADDRESSES.get(key)
    if url is None:
        url = _ADDRESSES[key] = reverse(url_name)
    return url


def static_url(path: str) -> str:
    """The URL of a static file (hashed in production), once per process."""
    url = _STATIC.get(path)
    if url is None:
        url = _STATIC[path] = static(path)
    return url


def constants() -> dict:
    """The layout's context that is the same for every request (core.context_processors.service)."""
    key = (get_script_prefix(), get_urlconf())
    found = _CONSTANTS.get(key)
    if found is None:
        footer_links = [(name, label) for name, label in FOOTER_LINKS]
        found = _CONSTANTS[key] = {
            "session_timeout": {
                "warning_seconds": settings.SESSION_IDLE_WARNING_MINUTES * 60,
                "warning_minutes": settings.SESSION_IDLE_WARNING_MINUTES,
            },
            "service_name": settings.SERVICE_NAME,
            "service_phase": settings.SERVICE_PHASE,
            "footer_links": footer_links,
            # The footer depends on nothing else: base.html shows this rather than rendering it.
            "footer": SafeString(
                render_to_string(
                    "includes/footer.html", {"service_name": settings.SERVICE_NAME, "footer_links": footer_links}
                )
            ),
        }
    return found


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _ADDRESSES.clear()
    _STATIC.clear()
    _CONSTANTS.clear()
