"""Writes to the core: people, memberships, schools and their calendars.

Each service validates with `full_clean()`, owns its transaction and writes its audit entry in
the same transaction. Each is idempotent on its natural key, so the demo seed (and an import)
can run them again without making duplicates.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .audit import audit_change, snapshot
from .models import (
    ClosureDay,
    Membership,
    Organisation,
    OrganisationKind,
    School,
    TermDate,
    User,
)


def _save_if_changed(obj, values: dict, *, by=None) -> bool:
    """Set `values` on `obj`; validate, save and audit only when something changed."""
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    if snapshot(obj) == before:
        return False
    obj.full_clean()
    obj.save()
    audit_change(user=by, obj=obj, before=before)
    return True


def _create(obj, *, by=None):
    obj.full_clean()
    obj.save()
    audit_change(user=by, obj=obj)
    return obj


@transaction.atomic
def user_ensure(*, email: str, full_name: str, password: str | None = None, by=None, **extra) -> User:
    """The user with this e-mail address (created if new), with the given name and password."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return _create(user, by=by)
    _save_if_changed(user, {"full_name": full_name, **extra}, by=by)
    if password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: str, by=None) -> Membership:
    """Give `user` `role` at `organisation` (reactivating it if it was switched off).

    Membership.clean refuses a role at the wrong kind of organisation (a school user at an LA)."""
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        return _create(Membership(user=user, organisation=organisation, role=role), by=by)
    _save_if_changed(membership, {"is_active": True}, by=by)
    return membership


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


@transaction.atomic
def term_date_set(
    *,
    local_authority: Organisation,
    academic_year: int,
    kind: str,
    first_day: dt.date,
    last_day: dt.date,
    school: School | None = None,
    by=None,
) -> TermDate:
    """Enter one half term for the LA's pattern, or (with `school`) the school's own dates."""
    term = TermDate.objects.filter(
        local_authority=local_authority, school=school, academic_year=academic_year, kind=kind
    ).first()
    if term is None:
        term = TermDate(
            local_authority=local_authority,
            school=school,
            academic_year=academic_year,
            kind=kind,
            first_day=first_day,
            last_day=last_day,
        )
        return _create(term, by=by)
    _save_if_changed(term, {"first_day": first_day, "last_day": last_day}, by=by)
    return term


@transaction.atomic
def closure_day_set(
    *,
    local_authority: Organisation,
    date: dt.date,
    reason: str = "INSET day",
    counts_as_school_day: bool = False,
    school: School | None = None,
    by=None,
) -> ClosureDay:
    """Enter a closure to pupils (INSET, polling day) for every school in the LA's pattern, or one school.

    Whether an INSET day counts towards statutory day counts is unsure in the brief: it is data."""
    closure = ClosureDay.objects.filter(local_authority=local_authority, school=school, date=date).first()
    values = {"reason": reason, "counts_as_school_day": counts_as_school_day}
    if closure is None:
        return _create(ClosureDay(local_authority=local_authority, school=school, date=date, **values), by=by)
    _save_if_changed(closure, values, by=by)
    return closure
