"""Every placements URL for the leak matrix: records owned by school A and provider A."""

import datetime as dt

from django.urls import reverse

from placements.models import PanelDecision, PlacementStatus, RequestUpdate
from placements.services import routes_ensure_for_la
from tests.leak_matrix import LA_STAFF, LeakCase
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

SECRET_PUPIL = "Zebedee Secretpupil"
SECRET_ANSWER = "Zinnia secret answer to the panel"


def leak_cases(world):
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
        LeakCase(reverse("placements:placement-accept", args=[approved.pk]), la_acting | {"provider_user_a"}, secrets),
        LeakCase(reverse("placements:placement-start", args=[booked.pk]), la_acting | {"provider_user_a"}, secrets),
        LeakCase(
            reverse("placements:placement-end", args=[active.pk]), la_acting | {"senco_a", "provider_user_a"}, secrets
        ),
        LeakCase(reverse("placements:placement-withdraw", args=[booked.pk]), la_acting | {"senco_a"}, secrets),
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
        LeakCase(reverse("placements:panel-queue"), la_acting),
        LeakCase(reverse("placements:panel-decision", args=[requested.pk]), la_acting, (*secrets, SECRET_ANSWER)),
        LeakCase(reverse("placements:placement-more-information", args=[asked.pk]), la_acting | {"senco_a"}, secrets),
        LeakCase(reverse("placements:route-list"), LA_STAFF),
        LeakCase(reverse("placements:route-edit", args=[route.pk]), frozenset({"administrator"})),
    ]
