from . import layout
from .navigation import navigation_for
from .scoping import scope_for


def service(request):
    """Service name, phase, the rendered footer and the timeout warning's figures (the same for
    every request: core.layout), with the user's scope and the navigation for their roles."""
    scope = scope_for(getattr(request, "user", None))
    return {
        **layout.constants(),
        "layout_key": layout.key(),  # once for the request, rather than for every {% once %}
        "scope": scope,
        "navigation": navigation_for(request, scope),
    }
