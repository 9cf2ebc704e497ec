"""Every placements URL for the leak matrix: records owned by school A and provider A."""

import datetime as dt
import uuid
from dataclasses import replace

from django.urls import reverse

from apcommission.core.forms import date_input_data
from placements.models import (
    AttendanceMark,
    Deadline,
    Exclusion,
    HealthAbsence,
    PanelDecision,
    PlacementReview,
    PlacementStatus,
    PupilTransfer,
    Reminder,
    RequestUpdate,
)
from placements.services import routes_ensure_for_la
from placements.services.deadlines import deadlines_refresh
from placements.services.provider_deadlines import provider_deadlines_refresh
from tests.leak_matrix import LA_STAFF, ROLE_KEYS, LeakCase
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import ComplianceDocumentFactory, SiteCapacityFactory, SiteFactory

SECRET_PUPIL = "Zebedee Secretpupil"
SECRET_ANSWER = "Zinnia secret answer to the panel"
SECRET_REGISTER_PUPIL = "Quentin Registerpupil"
SECRET_VOICE = "Quokka secret words about the forest school"
SECRET_REASON = "Quince secret dentist appointment"


SECRET_TRANSFER = "Ulysses Transferpupil"


#: One pupil's pages (or one of their placements', reviews' or marks'): 404 to everyone else.
PUPIL_PAGES = {
    "placements:placement-detail",
    "placements:placement-accept",
    "placements:placement-start",
    "placements:placement-end",
    "placements:placement-withdraw",
    "placements:placement-more-information",
    "placements:placement-request",
    "placements:placement-create",
    "placements:placement-request-step",
    "placements:placement-create-step",
    "placements:placement-confirmation",
    "placements:transfer-resolve",
    "placements:panel-decision",
    "placements:pupil-detail",
    "placements:pupil-edit",
    "placements:pupil-timeline",
    "placements:review-list",
    "placements:review-create",
    "placements:review-detail",
    "placements:attendance-placement",
    "placements:exclusion-create",
    "placements:health-absence-create",
    "placements:exclusion-detail",
    "placements:exclusion-off-roll",
    "placements:notification-detail",
}


def leak_cases(world):
    cases = [
        *_request_and_placement_cases(world),
        *_review_and_register_cases(world),
        *_clock_cases(world),
        *_transfer_cases(world),
        *_own_pupil_cases(world),
    ]
    return [replace(case, pupil_level=case.url_name in PUPIL_PAGES) for case in cases]


def _own_pupil_cases(world):
    """School B's pupil (tests/leak_matrix.py), whom provider B sees through its placement but whose
    health absence and statutory deadline only the LA and the school see (world.hide)."""
    pupil = world.own["pupil_b"]
    sees_pupil = LA_STAFF | {"senco_b", "provider_user_b"}
    return [
        LeakCase(reverse("placements:pupil-detail", args=[pupil.pk]), sees_pupil),
        LeakCase(reverse("placements:pupil-timeline", args=[pupil.pk]), sees_pupil),
    ]


SECRET_EXCLUDED_PUPIL = "Xanthe Clocksecret"
SECRET_EXCLUSION_DETAIL = "Xylophone secret account of the incident"
SECRET_DOCUMENT = "Xerus secret insurance of provider A"


def _clock_cases(world):
    """Exclusions, health absences, statutory deadlines and the reminders about them."""
    pupil = PupilFactory(home_school=world.school_a, legal_first_name="Xanthe", legal_last_name="Clocksecret")
    today = dt.date.today()
    exclusion = Exclusion.objects.create(
        pupil=pupil,
        school=world.school_a,
        kind="permanent",
        first_day=today - dt.timedelta(days=14),
        reason="PD",
        reason_detail=SECRET_EXCLUSION_DETAIL,
    )
    HealthAbsence.objects.create(
        pupil=pupil, school=world.school_a, first_day=today - dt.timedelta(days=60), school_days=3
    )
    deadlines_refresh(pupil_ids=[pupil.pk])
    deadline = Deadline.objects.get(exclusion=exclusion, kind="day6_permanent")
    reminder = Reminder.objects.create(
        deadline=deadline, recipient=world.users["la_officer"], stage="overdue", batch=uuid.uuid4()
    )
    ComplianceDocumentFactory(provider=world.provider_a, title=SECRET_DOCUMENT, expires_on=today)
    provider_deadlines_refresh(provider_ids=[world.provider_a.pk])
    world.hide(SECRET_DOCUMENT, from_roles={"provider_user_b"})
    secrets = (SECRET_EXCLUDED_PUPIL,)
    recording = frozenset({"la_officer", "la_manager", "senco_a"})
    signed_in_with_a_role = LA_STAFF | {"senco_a", "senco_b", "provider_user_a", "provider_user_b"}
    exclusion_post = {
        "submission_token": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "school": str(world.school_a.pk),
        "kind": "suspension",
        "school_days": "3",
        "reason": "PD",
        **date_input_data("first_day", today - dt.timedelta(days=90)),
    }
    absence_post = {
        "submission_token": "16fd2706-8baf-433b-82eb-8c7fada847da",
        "school": str(world.school_a.pk),
        "school_days": "4",
        **date_input_data("first_day", today - dt.timedelta(days=30)),
    }
    return [
        LeakCase(reverse("placements:exclusion-create", args=[pupil.pk]), recording, secrets, post=exclusion_post),
        LeakCase(reverse("placements:health-absence-create", args=[pupil.pk]), recording, secrets, post=absence_post),
        LeakCase(
            reverse("placements:exclusion-detail", args=[exclusion.pk]),
            LA_STAFF | {"senco_a"},
            (*secrets, SECRET_EXCLUSION_DETAIL),
        ),
        LeakCase(
            reverse("placements:exclusion-off-roll", args=[exclusion.pk]),
            recording,
            secrets,
            post=date_input_data("removed_on", today - dt.timedelta(days=1)),
        ),
        # The LA's duty: on its officers' and managers' lists; the school users' and providers' lists
        # are their own (provider A's expiring document is never on provider B's).
        LeakCase(
            reverse("placements:deadline-task-list"),
            frozenset({"la_officer", "la_manager", "senco_a", "senco_b", "provider_user_a", "provider_user_b"}),
        ),
        LeakCase(reverse("placements:notification-list"), signed_in_with_a_role),
        LeakCase(reverse("placements:notification-detail", args=[reminder.pk]), frozenset({"la_officer"}), secrets),
    ]


def _transfer_cases(world):
    """School A's pupil whose UPN is held for a pupil at school B, waiting for an officer."""
    held = PupilFactory(home_school=world.school_b)
    transfer = PupilTransfer.objects.create(
        upn=held.upn,
        existing=held,
        legal_first_name="Ulysses",
        legal_last_name="Transferpupil",
        date_of_birth=dt.date(2013, 3, 1),
        sex="M",
        home_school=world.school_a,
        home_la=world.la,
        requested_by=world.users["senco_a"],
    )
    la_acting = frozenset({"la_officer", "la_manager"})
    # Only the LA's officers (who confirm it) and the school that added the pupil see it anywhere.
    world.hide(SECRET_TRANSFER, from_roles=set(ROLE_KEYS) - la_acting - {"senco_a"})
    return [
        LeakCase(reverse("placements:transfer-list"), la_acting, (SECRET_TRANSFER,)),
        LeakCase(reverse("placements:transfer-resolve", args=[transfer.pk]), la_acting, (SECRET_TRANSFER,)),
    ]


def _request_and_placement_cases(world):
    routes_ensure_for_la(local_authority=world.la)
    site = SiteFactory(provider=world.provider_a, name="Aardvark Secret Site")
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    pupil = PupilFactory(home_school=world.school_a, legal_first_name="Zebedee", legal_last_name="Secretpupil")
    today = dt.date.today()

    def placement(status, **kwargs):
        return PlacementFactory(pupil=pupil, site=site, status=status, start_date=today, **kwargs)

    active = placement(PlacementStatus.ACTIVE)
    approved = placement(PlacementStatus.APPROVED)
    booked = placement(PlacementStatus.BOOKED)
    requested = placement(PlacementStatus.REQUESTED, requires_panel=True, requesting_school=world.school_a)
    asked = placement(PlacementStatus.MORE_INFORMATION, requires_panel=True, requesting_school=world.school_a)
    question = PanelDecision.objects.create(
        placement=requested,
        decision="more_information",
        reasons="Which needs?",
        decision_date=today,
        decided_by=world.users["la_officer"],
    )
    RequestUpdate.objects.create(placement=requested, panel_decision=question, text=SECRET_ANSWER)
    route = active.route
    secrets = (SECRET_PUPIL,)
    la_acting = frozenset({"la_officer", "la_manager"})
    return [
        LeakCase(
            reverse("placements:placement-list"),
            LA_STAFF | {"senco_a", "senco_b", "provider_user_a", "provider_user_b"},
        ),
        LeakCase(
            reverse("placements:placement-detail", args=[active.pk]), LA_STAFF | {"senco_a", "provider_user_a"}, secrets
        ),
        LeakCase(reverse("placements:placement-accept", args=[approved.pk]), frozenset({"provider_user_a"}), secrets),
        LeakCase(reverse("placements:placement-start", args=[booked.pk]), la_acting | {"provider_user_a"}, secrets),
        LeakCase(
            reverse("placements:placement-end", args=[active.pk]), la_acting | {"senco_a", "provider_user_a"}, secrets
        ),
        LeakCase(
            reverse("placements:placement-withdraw", args=[booked.pk]),
            la_acting | {"senco_a"},
            secrets,
            post={"reason": "No longer needed"},
        ),
        LeakCase(reverse("placements:pupil-list"), LA_STAFF | {"senco_a", "senco_b"}),
        LeakCase(reverse("placements:pupil-create"), frozenset({"la_officer", "senco_a", "senco_b"})),
        LeakCase(
            reverse("placements:pupil-detail", args=[pupil.pk]), LA_STAFF | {"senco_a", "provider_user_a"}, secrets
        ),
        LeakCase(
            reverse("placements:pupil-edit", args=[pupil.pk]),
            frozenset({"la_officer", "la_manager", "administrator", "senco_a"}),
            secrets,
        ),
        LeakCase(reverse("placements:placement-request", args=[pupil.pk]), frozenset({"senco_a"}), secrets),
        LeakCase(reverse("placements:placement-create", args=[pupil.pk]), la_acting, secrets),
        # The request's and the direct placement's question pages (the first; later ones wait for it).
        LeakCase(
            reverse("placements:placement-request-step", args=[pupil.pk, "route"]), frozenset({"senco_a"}), secrets
        ),
        LeakCase(reverse("placements:placement-create-step", args=[pupil.pk, "route"]), la_acting, secrets),
        LeakCase(
            reverse("placements:placement-confirmation", args=[requested.pk]),
            la_acting | {"senco_a"},
            (*secrets, requested.reference),
        ),
        LeakCase(reverse("placements:panel-queue"), la_acting),
        LeakCase(reverse("placements:panel-decision", args=[requested.pk]), la_acting, (*secrets, SECRET_ANSWER)),
        LeakCase(reverse("placements:placement-more-information", args=[asked.pk]), la_acting | {"senco_a"}, secrets),
        LeakCase(reverse("placements:route-list"), LA_STAFF),
        LeakCase(reverse("placements:route-edit", args=[route.pk]), frozenset({"administrator"})),
    ]


def _review_and_register_cases(world):
    """Reviews, the daily register, the dashboard, the snapshot and the timeline."""
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
    secrets = (SECRET_REGISTER_PUPIL,)
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
