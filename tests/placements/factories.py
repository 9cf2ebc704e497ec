import datetime as dt
import uuid

import factory
from factory.django import DjangoModelFactory

from placements.models import (
    AlertReason,
    AttendancePattern,
    Deadline,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
    Placement,
    PlacementStatus,
    Pupil,
    Reminder,
    Route,
    attendance_key,
)
from placements.services import routes_ensure_for_la
from placements.services.reviews import ReviewDetails, review_record
from placements.upn import upn_error_bits
from tests.factories import LocalAuthorityFactory, SchoolFactory
from tests.providers.factories import SiteFactory

TODAY = dt.date(2026, 10, 5)  # a Monday in autumn term


def route_for(la, code: str) -> Route:
    routes_ensure_for_la(local_authority=la)
    return Route.objects.get(local_authority=la, code=code)


class PupilFactory(DjangoModelFactory):
    class Meta:
        model = Pupil

    upn = factory.Sequence(lambda n: _valid_upn(n))
    upn_problems = factory.LazyAttribute(lambda o: upn_error_bits(o.upn))
    legal_first_name = factory.Faker("first_name")
    legal_last_name = factory.Faker("last_name")
    date_of_birth = dt.date(2013, 1, 15)  # Year 9 (key stage 3) in 2026/27
    sex = "F"
    home_school = factory.SubFactory(SchoolFactory)
    home_la = factory.LazyAttribute(lambda o: o.home_school.organisation.local_authority if o.home_school else None)


def _valid_upn(n: int) -> str:
    from placements.upn import check_letter

    rest = f"801{2000 + n % 8000:04d}26{n % 1000:03d}"
    return check_letter(rest) + rest


class PlacementFactory(DjangoModelFactory):
    """An approved placement at a KS3 site, ready for the provider to accept."""

    class Meta:
        model = Placement

    pupil = factory.SubFactory(PupilFactory)
    route = factory.LazyAttribute(lambda o: route_for(o.pupil.home_la, "short_term"))
    route_snapshot = factory.LazyAttribute(lambda o: o.route.rules_snapshot())
    commissioner = "school"
    lump_sum_funder = "school"
    top_up_funder = "school"
    registration = "dual"
    main_setting = "home_school"
    home_school_attendance_code = "D"
    site = factory.SubFactory(SiteFactory)
    provider = factory.LazyAttribute(lambda o: o.site.provider)
    key_stage = "ks3"
    start_date = TODAY
    end_date = TODAY + dt.timedelta(days=60)
    sessions_per_week = 6
    attendance_pattern = AttendancePattern.PART_TIME
    status = PlacementStatus.APPROVED
    submission_token = factory.LazyFunction(uuid.uuid4)


class ExclusionFactory(DjangoModelFactory):
    """A five-day suspension from the pupil's home school, starting today."""

    class Meta:
        model = Exclusion

    pupil = factory.SubFactory(PupilFactory)
    school = factory.LazyAttribute(lambda o: o.pupil.home_school)
    kind = ExclusionKind.SUSPENSION
    first_day = TODAY
    school_days = factory.LazyAttribute(lambda o: None if o.kind == ExclusionKind.PERMANENT else 5)
    reason = ExclusionReason.PERSISTENT_DISRUPTION
    submission_token = factory.LazyFunction(uuid.uuid4)


__all__ = ["ExclusionFactory", "LocalAuthorityFactory", "PlacementFactory", "PupilFactory", "route_for"]


def missing_pupil_alert(placement, *, day, recipient, session="am", reason="no_mark", sent=True) -> Reminder:
    """A missing-pupil alert as the alert sweep leaves it: the session's attendance cut-off (the
    home school's, officers told) and a reminder of it at the stage "missing" to `recipient`."""
    pupil = placement.pupil
    school = pupil.home_school
    deadline, _ = Deadline.objects.get_or_create(
        key=attendance_key(placement.pk, day, session),
        defaults={
            "kind": "attendance",
            "holder": "school" if school else "la",
            "holder_organisation_id": school.organisation_id if school else pupil.home_la_id,
            "officers_told": True,
            "local_authority_id": pupil.home_la_id,
            "school": school,
            "pupil": pupil,
            "placement": placement,
            "starts_on": day,
            "due_on": day,
            "remind_from": day,
            "ends_on": day,
            "detail": AlertReason(reason).label,
            "pupil_sort_name": pupil.legal_last_name,
            "register_provider_id": placement.provider_id,
        },
    )
    return Reminder.objects.create(
        deadline=deadline,
        recipient=recipient,
        stage="missing",
        batch=uuid.uuid4(),
        emailed_at=deadline.created_on if sent else None,
    )


def record_review(user, placement, decision="continue", *, day: dt.date, **details):
    """A review recorded through the service on `day` (what a reviewer types, made up), with any
    of the review's other details (new end date, outcome...) as keywords."""
    return review_record(
        user=user,
        placement=placement,
        details=ReviewDetails(
            review_date=day,
            attendees="Form tutor",
            progress="Good",
            pupil_what_is_working="Art",
            pupil_what_should_change="Less maths",
            decision=decision,
            submission_token=uuid.uuid4(),
            **details,
        ),
        today=day,
    )
