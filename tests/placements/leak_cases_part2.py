"""Leak-matrix cases for reviews, the daily register, the dashboard, the snapshot and the timeline
(the lead adds "tests.placements.leak_cases_part2" to CASE_MODULES in tests/test_leak_matrix.py)."""

import datetime as dt

from django.urls import reverse

from placements.models import AttendanceMark, PlacementReview, PlacementStatus
from placements.services import routes_ensure_for_la
from tests.leak_matrix import LA_STAFF, LeakCase
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

SECRET_PUPIL = "Quentin Registerpupil"
SECRET_VOICE = "Quokka secret words about the forest school"
SECRET_REASON = "Quince secret dentist appointment"


def leak_cases(world):
    routes_ensure_for_la(local_authority=world.la)
    site = SiteFactory(provider=world.provider_a, name="Aardvark Register Site")
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    pupil = PupilFactory(home_school=world.school_a, legal_first_name="Quentin", legal_last_name="Registerpupil")
    today = dt.date.today()
    placement = PlacementFactory(
        pupil=pupil,
        site=site,
        status=PlacementStatus.ACTIVE,
        start_date=today - dt.timedelta(days=20),
        end_date=today + dt.timedelta(days=40),
    )
    AttendanceMark.objects.create(
        placement=placement, date=today, session="am", mark="authorised", reason=SECRET_REASON
    )
    review = PlacementReview.objects.create(
        placement=placement,
        review_date=today - dt.timedelta(days=1),
        attendees="Form tutor",
        progress="Settling well",
        pupil_what_is_working=SECRET_VOICE,
        pupil_what_should_change="More time outdoors",
        decision="continue",
        recorded_by=world.users["la_officer"],
    )
    secrets = (SECRET_PUPIL,)
    sees_placement = LA_STAFF | {"senco_a", "provider_user_a"}
    everyone_with_pupils = LA_STAFF | {"senco_a", "senco_b", "provider_user_a", "provider_user_b"}
    marking_a = frozenset({"la_officer", "la_manager", "provider_user_a"})
    reviewing_a = frozenset({"la_officer", "la_manager", "senco_a", "provider_user_a"})
    reporting = LA_STAFF | {"forum_member"}
    return [
        LeakCase(reverse("placements:dashboard"), everyone_with_pupils),
        LeakCase(reverse("placements:key-stage-snapshot"), reporting),
        LeakCase(reverse("placements:key-stage-snapshot-csv"), reporting),
        LeakCase(reverse("placements:pupil-timeline", args=[pupil.pk]), sees_placement, (*secrets, SECRET_VOICE)),
        LeakCase(reverse("placements:review-list", args=[placement.pk]), sees_placement, secrets),
        LeakCase(reverse("placements:review-create", args=[placement.pk]), reviewing_a, secrets),
        LeakCase(reverse("placements:review-detail", args=[review.pk]), sees_placement, (*secrets, SECRET_VOICE)),
        LeakCase(reverse("placements:reviews-due"), everyone_with_pupils),
        LeakCase(
            reverse("placements:attendance-index"),
            frozenset({"la_officer", "la_manager", "provider_user_a", "provider_user_b"}),
        ),
        LeakCase(
            reverse("placements:attendance-register", args=[world.provider_a.pk, today.isoformat()]),
            marking_a,
            (*secrets, SECRET_REASON),
        ),
        LeakCase(
            reverse("placements:attendance-placement", args=[placement.pk]), sees_placement, (*secrets, SECRET_REASON)
        ),
    ]
