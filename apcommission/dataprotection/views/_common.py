"""What the data protection views share: who may use them, and finding a pupil they may act on."""

from __future__ import annotations

from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import access_or_404, scope_for
from placements.models import Pupil

from ..conf import data_protection_roles
from ..querysets import data_protection_la_ids


def data_protection_view(view):
    """Signed in with a data protection role (checked per request: the roles are a setting)."""

    def wrapped(request, *args, **kwargs):
        return role_required(*data_protection_roles())(view)(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def data_protection_pupil_page(view):
    """A page of one pupil's records (an export, a hold): 404 to anyone without a data protection
    role, the same answer as for an id that does not exist (permissions.pupil_page_roles)."""

    def wrapped(request, *args, **kwargs):
        return pupil_page_roles(*data_protection_roles())(view)(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def pupil_or_404(user, pk):
    """A pupil of an LA the user handles data protection for; 404 otherwise (as for a missing one)."""
    la_ids = data_protection_la_ids(scope_for(user))
    return access_or_404(Pupil.objects.filter(home_la_id__in=la_ids), user, pk=pk)
