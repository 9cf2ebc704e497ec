"""Creating pupil records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from apcommission.core.audit import audit_change
from apcommission.core.models import Organisation, School
from apcommission.core.scoping import scope_for

from ..models import Pupil
from ..upn import normalise_upn, upn_errors


@dataclass
class PupilDetails:
    upn: str
    legal_first_name: str
    legal_last_name: str
    date_of_birth: dt.date
    sex: str
    home_la: Organisation
    home_school: School | None = None
    preferred_first_name: str = ""
    preferred_last_name: str = ""
    sen_status: str = "none"
    looked_after: bool = False
    pupil_premium: bool = False


class DuplicateUPN(ValidationError):
    """A pupil with this UPN exists already; `existing` is that record."""

    def __init__(self, existing: Pupil):
        super().__init__({"upn": "A pupil with this UPN already exists"})
        self.existing = existing


def known_la_codes() -> list[str]:
    return list(Organisation.objects.filter(kind="la").exclude(la_code="").values_list("la_code", flat=True))


def pupil_create(*, user, details: PupilDetails) -> Pupil:
    """Add a pupil. The UPN must pass the DfE check-letter test and be new to the service (DfE UPN
    guidance); a school user may only add pupils on its own roll."""
    scope = scope_for(user)
    upn = normalise_upn(details.upn)
    errors = upn_errors(upn, extra_la_codes=known_la_codes())
    if errors:
        raise ValidationError({"upn": errors})
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
