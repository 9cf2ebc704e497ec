from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .navigation import navigation_for
from .scoping import scope_for


def _footer_links() -> list[tuple[str, str]]:
    """The footer's links to the service's own pages; the privacy notice joins them once the
    service has one (a URL named core:privacy)."""
    links = [("core:accessibility", "Accessibility statement"), ("core:cookies", "Cookies")]
    try:
        reverse("core:privacy")
    except NoReverseMatch:
        pass
    else:
        links.insert(0, ("core:privacy", "Privacy"))
    return [*links, ("core:feedback", "Feedback")]


def service(request):
    """Service name, phase and the role-based navigation for every page."""
    scope = scope_for(getattr(request, "user", None))
    return {
        "session_timeout": {
            "warning_seconds": settings.SESSION_IDLE_WARNING_MINUTES * 60,
            "warning_minutes": settings.SESSION_IDLE_WARNING_MINUTES,
        },
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "scope": scope,
        "navigation": navigation_for(request, scope),
        "footer_links": _footer_links(),
    }
