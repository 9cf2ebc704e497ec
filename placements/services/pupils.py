"""Creating pupil records and correcting a pupil's own details."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Organisation, Role, School
from apcommission.core.scoping import scope_for

from ..models import Pupil
from ..upn import normalise_upn, upn_error_bits, upn_messages
from .attendance import attendance_cut_offs_follow_pupil
from .figures import figures_changed


@dataclass(kw_only=True)
class PupilPersonalDetails:
    """Who the child is: what a school or the LA may correct. The UPN and where the child is on
    roll are not here: a UPN change or a move of school is a different process."""

    legal_first_name: str
    legal_last_name: str
    date_of_birth: dt.date
    sex: str
    preferred_first_name: str = ""
    preferred_last_name: str = ""
    sen_status: str = "none"
    looked_after: bool = False
    pupil_premium: bool = False


#: The pupil fields `pupil_update` may change.
PERSONAL_FIELDS = tuple(f.name for f in fields(PupilPersonalDetails))
#: LA roles that may correct a pupil's record (LA finance only reads it).
LA_EDITING_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER, Role.ADMINISTRATOR)


@dataclass(kw_only=True)
class PupilDetails(PupilPersonalDetails):
    """A new pupil: their personal details, UPN and where they are on roll."""

    upn: str
    home_la: Organisation
    home_school: School | None = None


class DuplicateUPN(ValidationError):
    """A pupil with this UPN exists already; `existing` is that record."""

    def __init__(self, existing: Pupil):
        super().__init__({"upn": "A pupil with this UPN already exists"})
        self.existing = existing


def known_la_codes() -> list[str]:
    return list(Organisation.objects.filter(kind="la").exclude(la_code="").values_list("la_code", flat=True))


def _personal_errors(details: PupilPersonalDetails, *, today: dt.date) -> dict[str, str]:
    """GOV.UK error messages for details no form should let through."""
    errors = {}
    if not details.legal_first_name.strip():
        errors["legal_first_name"] = "Enter the first name"
    if not details.legal_last_name.strip():
        errors["legal_last_name"] = "Enter the last name"
    if details.date_of_birth >= today:
        errors["date_of_birth"] = "Date of birth must be in the past"
    return errors


def can_edit_pupil(user, pupil: Pupil) -> bool:
    """LA officers, managers and administrators of the pupil's LA, and users of the home school."""
    scope = scope_for(user)
    if any(pupil.home_la_id in scope.orgs_with_role(role) for role in LA_EDITING_ROLES):
        return True
    return pupil.home_school is not None and pupil.home_school.organisation_id in scope.orgs_with_role(Role.SCHOOL_USER)


def pupil_create(*, user, details: PupilDetails) -> Pupil:
    """Add a pupil. The UPN must pass the DfE check-letter test and be new to the service (DfE UPN
    guidance); a school user may only add pupils on its own roll."""
    scope = scope_for(user)
    upn = normalise_upn(details.upn)
    errors = upn_messages(upn, extra_la_codes=known_la_codes())
    if errors:
        raise ValidationError({"upn": errors})
    personal_errors = _personal_errors(details, today=timezone.localdate())
    if personal_errors:
        raise ValidationError(personal_errors)
    if details.home_la.pk not in scope.la_ids:
        school_org = details.home_school.organisation_id if details.home_school else None
        if school_org not in scope.school_ids:
            raise ValidationError({"home_school": "You can only add pupils on your own school's roll"})
    with transaction.atomic():
        existing = Pupil.objects.select_for_update().filter(upn=upn).first()
        if existing is not None:
            raise DuplicateUPN(existing)
        pupil = Pupil(
            upn=upn,
            # As a return checks it: an LA number of the service's own LAs outside the DfE's ranges
            # is accepted here but listed by the AP census.
            upn_problems=upn_error_bits(upn),
            legal_first_name=details.legal_first_name.strip(),
            legal_last_name=details.legal_last_name.strip(),
            preferred_first_name=details.preferred_first_name.strip(),
            preferred_last_name=details.preferred_last_name.strip(),
            date_of_birth=details.date_of_birth,
            sex=details.sex,
            sen_status=details.sen_status,
            looked_after=details.looked_after,
            pupil_premium=details.pupil_premium,
            home_school=details.home_school,
            home_la=details.home_la,
            created_by=user,
        )
        pupil.full_clean()
        pupil.save()
        audit_change(user=user, obj=pupil)
    return pupil


def pupil_update(*, user, pupil: Pupil, details: PupilPersonalDetails, today: dt.date | None = None) -> Pupil:
    """Correct a pupil's names, date of birth, sex, SEN status, looked-after and pupil premium
    (UK GDPR Art. 16, rectification). The audit entry holds each field before and after;
    simple-history keeps the version."""
    if not can_edit_pupil(user, pupil):
        raise ValidationError("Only the pupil's school or local authority can change this record")
    errors = _personal_errors(details, today=today or timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
        before = snapshot(pupil)
        for name in PERSONAL_FIELDS:
            value = getattr(details, name)
            setattr(pupil, name, value.strip() if isinstance(value, str) else value)
        if snapshot(pupil) == before:
            return pupil  # nothing changed: no new version, no audit entry
        pupil.full_clean()
        pupil.save()
        audit_change(user=user, obj=pupil, before=before)
        # Today's alerts list the pupil by the last name kept on each attendance cut-off.
        attendance_cut_offs_follow_pupil(pupil=pupil)
        # Key stages, compulsory school age and the registration test follow the date of birth.
        figures_changed(local_authority_id=pupil.home_la_id)
    return pupil
