from django.conf import settings

from .navigation import navigation_for
from .scoping import scope_for


def _footer_links() -> list[tuple[str, str]]:
    """The footer's links to the service's own pages (URL names, so no app is imported here)."""
    return [
        ("dataprotection:privacy", "Privacy notice"),
        ("core:accessibility", "Accessibility statement"),
        ("core:cookies", "Cookies"),
        ("core:feedback", "Feedback"),
    ]


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
