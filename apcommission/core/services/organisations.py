"""Local authorities and schools, found by their national numbers (LA number, URN)."""

from __future__ import annotations

from django.db import transaction

from ..models import (
    Organisation,
    OrganisationKind,
    School,
)
from ._common import _create, _save_if_changed


@transaction.atomic
def local_authority_ensure(*, la_code: str, name: str, by=None) -> Organisation:
    """The LA with this LA number (DfE's 3-digit code), created if new."""
    la = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, la_code=la_code).first()
    if la is None:
        return _create(Organisation(kind=OrganisationKind.LOCAL_AUTHORITY, la_code=la_code, name=name), by=by)
    _save_if_changed(la, {"name": name}, by=by)
    return la


@transaction.atomic
def school_ensure(*, local_authority: Organisation, urn: str, name: str, by=None, **details) -> School:
    """The school with this URN (GIAS), created with its organisation if new; details updated."""
    school = School.objects.select_related("organisation").filter(urn=urn).first()
    if school is None:
        organisation = _create(
            Organisation(kind=OrganisationKind.SCHOOL, name=name, local_authority=local_authority), by=by
        )
        return _create(School(organisation=organisation, urn=urn, **details), by=by)
    _save_if_changed(school.organisation, {"name": name, "local_authority": local_authority}, by=by)
    _save_if_changed(school, details, by=by)
    return school
