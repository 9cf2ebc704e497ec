"""Who reaches the reports app's pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from apcommission.core.models import Role
from apcommission.core.scoping import scope_for

from ..services._common import REPORT_AUTHORS

AUTHORS = REPORT_AUTHORS
READERS = (*REPORT_AUTHORS, Role.FORUM_MEMBER)


def authoring_la(user):
    """The LA the user prepares reports for (the first, for the rare user of several LAs)."""
    from apcommission.core.models import Organisation

    scope = scope_for(user)
    ids = sorted(set().union(*(scope.orgs_with_role(role) for role in REPORT_AUTHORS)))
    return Organisation.objects.filter(pk__in=ids[:1]).first()


def pupil_level_page(*roles: str):
    """Signed in with one of `roles`; anyone else gets 404 (not 403), so that a page about pupils
    tells nobody else, Schools Forum members included, that it exists."""

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
