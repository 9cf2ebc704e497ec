"""Role checks for views. Objects are scoped by querysets (scoping.py); these only gate pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .scoping import scope_for


def role_required(*roles: str):
    """Signed in, and holding one of `roles` in an active membership; otherwise 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not scope_for(request.user).has_role(*roles):
                raise PermissionDenied("You do not have access to this page")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = tuple(roles)
        return wrapped

    return decorator


def pupil_page_roles(*roles: str):
    """For a page of one pupil (or one of their placements, reviews, marks...): signed in and
    holding one of `roles`, otherwise 404, the same answer as for an id that does not exist or is
    not the user's (scoping.access_or_404), so that no one learns which pupil ids exist."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not scope_for(request.user).has_role(*roles):
                raise Http404("Page not found")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = tuple(roles)
        return wrapped

    return decorator
