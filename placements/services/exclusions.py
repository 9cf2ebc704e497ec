"""Recording permanent exclusions, suspensions and health absences, and a permanently excluded
pupil coming off the school's roll. Each write works the pupil's deadlines out again in the same
transaction (placements.services.deadlines) and is audited.

Who: a school user for pupils on their own school's roll (the school is theirs); an LA officer or
manager for any pupil of their LA, from any school in the LA."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.education import academic_year_start
from apcommission.core.models import Role, School
from apcommission.core.scoping import scope_for

from .. import conf
from ..models import (
    Exclusion,
    ExclusionKind,
    HealthAbsence,
    MainSetting,
    Placement,
    PlacementStatus,
    Pupil,
    Registration,
    RouteCode,
)
from ..selectors import calendars_for
from .deadlines import deadlines_refresh, school_calendar_key, suspension_span


@dataclass
class ExclusionDetails:
    pupil: Pupil
    school: School
    kind: str
    first_day: dt.date
    reason: str
    school_days: int | None = None
    reason_detail: str = ""
    submission_token: uuid.UUID | None = None


@dataclass
class HealthAbsenceDetails:
    pupil: Pupil
    school: School
    first_day: dt.date
    school_days: int
    reason_detail: str = ""
    submission_token: uuid.UUID | None = None


def schools_recording_for(*, user, pupil: Pupil) -> list[School]:
    """The schools this user may record an exclusion or absence from, for this pupil: their own
    school when the pupil is on its roll; any school of the pupil's LA for its officers."""
    scope = scope_for(user)
    acting_las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    if pupil.home_la_id in acting_las:
        return list(
            School.objects.filter(organisation__local_authority_id=pupil.home_la_id)
            .select_related("organisation")
            .order_by("organisation__name")
        )
    school = pupil.home_school
    if school is not None and school.organisation_id in scope.orgs_with_role(Role.SCHOOL_USER):
        return [School.objects.select_related("organisation").get(pk=school.pk)]
    return []


def can_record_exclusion(*, user, pupil: Pupil) -> bool:
    scope = scope_for(user)
    acting_las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    school = pupil.home_school
    return pupil.home_la_id in acting_las or (
        school is not None and school.organisation_id in scope.orgs_with_role(Role.SCHOOL_USER)
    )


def _check_permission(*, user, pupil: Pupil, school: School) -> None:
    if not can_record_exclusion(user=user, pupil=pupil):
        raise PermissionDenied("You cannot record this for this pupil")
    if school.pk not in {s.pk for s in schools_recording_for(user=user, pupil=pupil)}:
        raise ValidationError({"school": "Select a school you can record this for"})


def _first_day_problem(*, pupil: Pupil, first_day: dt.date, today: dt.date, what: str) -> str:
    if first_day <= pupil.date_of_birth:
        return f"The first day of the {what} must be after the pupil's date of birth"
    latest = today + dt.timedelta(days=conf.exclusion_latest_days_ahead())
    if first_day > latest:
        return f"The first day of the {what} must be no later than {latest:%-d %B %Y} (a term from today)"
    return ""


def non_school_day_warning(*, school: School, first_day: dt.date) -> str:
    """An exclusion dated on a day the school is closed is accepted, with the day 1 it counts from."""
    calendar = calendars_for({school_calendar_key(school)})[school_calendar_key(school)]
    if calendar.is_school_day(first_day):
        return ""
    day1 = calendar.nth_school_day(first_day, 1)
    return (
        f"{first_day:%A %-d %B %Y} is not a school day at {school.organisation.name}: "
        f"day 1 is counted from {day1:%A %-d %B %Y}"
    )


def _check_exclusion(details: ExclusionDetails, *, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if details.kind not in ExclusionKind.values:
        errors["kind"] = "Select whether this is a permanent exclusion or a suspension"
    problem = _first_day_problem(pupil=details.pupil, first_day=details.first_day, today=today, what="exclusion")
    if problem:
        errors["first_day"] = problem
    if details.kind == ExclusionKind.SUSPENSION:
        if not details.school_days or details.school_days < 1:
            errors["school_days"] = "A suspension must last at least 1 school day"
        elif details.school_days > conf.max_suspension_days_per_year():
            errors["school_days"] = (
                f"A pupil cannot be suspended for more than {conf.max_suspension_days_per_year()} "
                "school days in a school year"
            )
    if errors:
        raise ValidationError(errors)
    if details.kind == ExclusionKind.SUSPENSION:
        _check_suspension_fits(details)
    elif Exclusion.objects.filter(pupil=details.pupil, school=details.school, kind=ExclusionKind.PERMANENT).exists():
        raise ValidationError(
            {"kind": f"This pupil is already recorded as permanently excluded from {details.school.organisation.name}"}
        )


def _check_suspension_fits(details: ExclusionDetails) -> None:
    """No two suspensions of a pupil cover the same school day; at most 45 days in a school year."""
    others = list(
        Exclusion.objects.filter(pupil=details.pupil, kind=ExclusionKind.SUSPENSION).select_related(
            "school__organisation"
        )
    )
    keys = {school_calendar_key(details.school)} | {school_calendar_key(o.school) for o in others}
    calendars = calendars_for(keys)
    new = Exclusion(school=details.school, first_day=details.first_day, school_days=details.school_days)
    first, last = suspension_span(new, calendars[school_calendar_key(details.school)])
    for other in others:
        other_first, other_last = suspension_span(other, calendars[school_calendar_key(other.school)])
        if first <= other_last and other_first <= last:
            raise ValidationError(
                {
                    "first_day": (
                        f"This suspension overlaps the suspension from {other_first:%-d %B %Y} to "
                        f"{other_last:%-d %B %Y}: change the first day or the number of school days"
                    )
                }
            )
    year = academic_year_start(first)
    same_year = sum(
        o.school_days or 0
        for o in others
        if academic_year_start(suspension_span(o, calendars[school_calendar_key(o.school)])[0]) == year
    )
    if same_year + (details.school_days or 0) > conf.max_suspension_days_per_year():
        raise ValidationError(
            {
                "school_days": (
                    f"This pupil has already been suspended for {same_year} school days this school year; "
                    f"the limit is {conf.max_suspension_days_per_year()}"
                )
            }
        )


def exclusion_record(*, user, details: ExclusionDetails, today: dt.date | None = None) -> tuple[Exclusion, str]:
    """Record a permanent exclusion or a suspension; returns it and a warning ("" if none) when the
    first day is not a school day. A double submit (same token) returns the first one."""
    today = today or timezone.localdate()
    if details.submission_token:
        existing = Exclusion.objects.filter(submission_token=details.submission_token).first()
        if existing is not None and existing.pupil_id == details.pupil.pk:
            return existing, ""
    _check_permission(user=user, pupil=details.pupil, school=details.school)
    _check_exclusion(details, today=today)
    exclusion = Exclusion(
        pupil=details.pupil,
        school=details.school,
        kind=details.kind,
        first_day=details.first_day,
        school_days=details.school_days if details.kind == ExclusionKind.SUSPENSION else None,
        reason=details.reason,
        reason_detail=details.reason_detail.strip(),
        recorded_by=user,
        submission_token=details.submission_token or uuid.uuid4(),
    )
    return _save_once(exclusion, user=user, today=today)


def health_absence_record(
    *, user, details: HealthAbsenceDetails, today: dt.date | None = None
) -> tuple[HealthAbsence, str]:
    """Record a spell of absence for health reasons; returns it and a warning ("" if none)."""
    today = today or timezone.localdate()
    if details.submission_token:
        existing = HealthAbsence.objects.filter(submission_token=details.submission_token).first()
        if existing is not None and existing.pupil_id == details.pupil.pk:
            return existing, ""
    _check_permission(user=user, pupil=details.pupil, school=details.school)
    errors = {}
    problem = _first_day_problem(pupil=details.pupil, first_day=details.first_day, today=today, what="absence")
    if problem:
        errors["first_day"] = problem
    if not details.school_days or details.school_days < 1:
        errors["school_days"] = "Enter the number of school days absent, 1 or more"
    elif details.school_days > 200:
        errors["school_days"] = "The number of school days absent must be 200 or fewer (a school year)"
    if errors:
        raise ValidationError(errors)
    _check_absence_fits(details)
    absence = HealthAbsence(
        pupil=details.pupil,
        school=details.school,
        first_day=details.first_day,
        school_days=details.school_days,
        reason_detail=details.reason_detail.strip(),
        recorded_by=user,
        submission_token=details.submission_token or uuid.uuid4(),
    )
    return _save_once(absence, user=user, today=today)


def _save_once(record, *, user, today: dt.date):
    """Save a new exclusion or health absence with its audit entry and the pupil's deadlines, in
    one transaction; returns it and the non-school-day warning. The same form sent twice (its
    submission token is unique) returns the record the first one made, without a warning."""
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
            audit_change(user=user, obj=record)
            deadlines_refresh(pupil_ids=[record.pupil_id], today=today)
    except IntegrityError:
        existing = type(record).objects.filter(submission_token=record.submission_token).first()
        if existing is None:
            raise
        return existing, ""
    return record, non_school_day_warning(school=record.school, first_day=record.first_day)


def _check_absence_fits(details: HealthAbsenceDetails) -> None:
    others = list(HealthAbsence.objects.filter(pupil=details.pupil).select_related("school__organisation"))
    keys = {school_calendar_key(details.school)} | {school_calendar_key(o.school) for o in others}
    calendars = calendars_for(keys)
    calendar = calendars[school_calendar_key(details.school)]
    first = calendar.nth_school_day(details.first_day, 1)
    last = calendar.nth_school_day(first, details.school_days)
    for other in others:
        other_calendar = calendars[school_calendar_key(other.school)]
        other_first = other_calendar.nth_school_day(other.first_day, 1)
        other_last = other_calendar.nth_school_day(other_first, other.school_days)
        if first <= other_last and other_first <= last:
            raise ValidationError(
                {
                    "first_day": (
                        f"This absence overlaps the absence from {other_first:%-d %B %Y} to "
                        f"{other_last:%-d %B %Y}: change the first day or the number of school days"
                    )
                }
            )


def exclusion_off_roll(*, user, exclusion: Exclusion, removed_on: dt.date, today: dt.date | None = None) -> Exclusion:
    """A permanently excluded pupil comes off the excluding school's roll: record the date, and the
    pupil's placements on the permanent-exclusion route switch from dual to single registration
    at the AP, with no home-school attendance code from then (School Attendance Regulations 2024)."""
    today = today or timezone.localdate()
    if not can_record_exclusion(user=user, pupil=exclusion.pupil):
        raise PermissionDenied("You cannot change this exclusion")
    if exclusion.kind != ExclusionKind.PERMANENT:
        raise ValidationError("Only a permanently excluded pupil comes off the school's roll")
    if removed_on < exclusion.first_day:
        raise ValidationError(
            {
                "removed_on": (
                    f"The date must be on or after the first day of the exclusion, {exclusion.first_day:%-d %B %Y}"
                )
            }
        )
    if removed_on > today:
        raise ValidationError({"removed_on": "The date must be today or in the past"})
    with transaction.atomic():
        exclusion = Exclusion.objects.select_for_update().select_related("pupil").get(pk=exclusion.pk)
        before = snapshot(exclusion)
        exclusion.removed_from_roll_on = removed_on
        exclusion.full_clean()
        exclusion.save()
        audit_change(user=user, obj=exclusion, before=before)
        switching = Placement.objects.select_for_update().filter(
            pupil_id=exclusion.pupil_id,
            route__code=RouteCode.PERMANENT_EXCLUSION,
            registration=Registration.DUAL,
            status__in=[PlacementStatus.APPROVED, PlacementStatus.BOOKED, PlacementStatus.ACTIVE],
        )
        for placement in switching:
            before = snapshot(placement)
            placement.registration = Registration.SINGLE
            placement.main_setting = MainSetting.NONE
            placement.home_school_attendance_code = ""
            placement.save()
            audit_change(user=user, obj=placement, before=before)
        deadlines_refresh(pupil_ids=[exclusion.pupil_id], today=today)
    return exclusion
