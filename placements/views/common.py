"""Role sets shared by the placements views, and turning service errors into form errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from apcommission.core.models import Role

LA_STAFF = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)
LA_ACTING = (Role.LA_OFFICER, Role.LA_MANAGER)
SEES_PUPILS = (*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
PAGE_SIZE = 25


def add_service_errors(form, error: ValidationError, *, field_map: dict | None = None) -> None:
    """Show a service's refusal next to the field it concerns (GOV.UK: errors by the field)."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = field_map.get(name, name)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
