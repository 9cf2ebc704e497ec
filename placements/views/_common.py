"""Role sets shared by the placements views, and turning service errors into form errors."""

from __future__ import annotations

from apcommission.core.forms import apply_errors
from apcommission.core.models import Role

LA_STAFF = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)
LA_ACTING = (Role.LA_OFFICER, Role.LA_MANAGER)
SEES_PUPILS = (*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
PAGE_SIZE = 25


# A service's refusal next to the field it concerns: one implementation, in the core's forms.
add_service_errors = apply_errors
