import io

from django.utils import timezone

from placements import demo
from placements.demo import clock
from placements.models import Deadline, Exclusion, HealthAbsence, Placement, PlacementStatus, Pupil, Reminder
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.providers.factories import PriceFactory, SiteCapacityFactory, SiteFactory


def test_demo_creates_nothing_without_providers(la):
    out = io.StringIO()
    demo.seed(la=la, schools=[SchoolFactory(organisation__local_authority=la)], stdout=out)
    assert not Pupil.objects.exists()
    assert "no approved providers" in out.getvalue()


def test_demo_is_idempotent_and_covers_every_route_and_status(la):
    schools = [SchoolFactory(organisation__local_authority=la) for _ in range(3)]
    for key_stage in ("ks1", "ks2", "ks3", "ks4"):
        site = SiteFactory(provider__organisation__local_authority=la)
        SiteCapacityFactory(site=site, key_stage=key_stage, places=60)
        PriceFactory(provider=site.provider)
    demo.seed(la=la, schools=schools, stdout=io.StringIO())
    pupils, placements = Pupil.objects.count(), Placement.objects.count()
    demo.seed(la=la, schools=schools, stdout=io.StringIO())
    assert (Pupil.objects.count(), Placement.objects.count()) == (pupils, placements)
    assert pupils == 300 and placements > 250
    assert Placement.objects.values("route__code").distinct().count() == 7
    statuses = set(Placement.objects.values_list("status", flat=True))
    assert statuses >= set(PlacementStatus.values) - {PlacementStatus.WAITING_LIST}


def test_the_clock_demo_has_deadlines_in_every_state_and_is_idempotent(la):

    MembershipFactory(user=UserFactory(), organisation=la, role="la_officer")
    MembershipFactory(user=UserFactory(), organisation=la, role="la_manager")
    school = SchoolFactory(organisation__local_authority=la)
    MembershipFactory(user=UserFactory(), organisation=school.organisation, role="school_user")
    clock.seed(la=la, schools=[school], stdout=io.StringIO())
    counts = (Exclusion.objects.count(), HealthAbsence.objects.count(), Deadline.objects.count())
    clock.seed(la=la, schools=[school], stdout=io.StringIO())
    assert (Exclusion.objects.count(), HealthAbsence.objects.count(), Deadline.objects.count()) == counts
    open_ones = Deadline.objects.filter(status="open")
    today = timezone.localdate()
    assert open_ones.filter(due_on__lt=today).exists()  # overdue
    assert open_ones.filter(due_on__gt=today).exists()  # due this week
    assert Deadline.objects.filter(kind="day6_suspension", detail__contains="back to back").exists()
    assert Deadline.objects.filter(kind="health", detail__contains="cumulative").exists()
    assert Deadline.objects.filter(kind="health", detail__contains="consecutive").exists()
    assert Reminder.objects.filter(stage="escalated").exists()
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()


def test_demo_pupils_fit_their_school_and_their_recorded_sex(la):
    from apcommission.core.education import key_stage_on
    from placements.demo.placements import BOYS_NAMES, GIRLS_NAMES

    schools = [
        SchoolFactory(organisation__local_authority=la, phase="primary"),
        SchoolFactory(organisation__local_authority=la, phase="secondary"),
        SchoolFactory(organisation__local_authority=la, phase="16_plus"),
    ]
    for key_stage in ("ks1", "ks2", "ks3", "ks4"):
        site = SiteFactory(provider__organisation__local_authority=la)
        SiteCapacityFactory(site=site, key_stage=key_stage, places=60)
        PriceFactory(provider=site.provider)
    demo.seed(la=la, schools=schools, stdout=io.StringIO())
    pupils = list(Pupil.objects.select_related("home_school"))
    assert not [p for p in pupils if p.home_school and p.home_school.phase == "16_plus"]
    for pupil in pupils:
        names = GIRLS_NAMES if pupil.sex == "F" else BOYS_NAMES
        assert pupil.legal_first_name in names, (pupil.legal_first_name, pupil.sex)
    for placement in Placement.objects.select_related("pupil__home_school"):
        stage = key_stage_on(placement.pupil.date_of_birth, placement.start_date)
        allowed = {"primary": {"ks1", "ks2"}, "secondary": {"ks3", "ks4"}}[placement.pupil.home_school.phase]
        assert stage in allowed, (placement.pupil.home_school.phase, stage)
    changes = list(Placement.objects.first().status_changes.order_by("pk").values_list("at", flat=True))
    assert changes == sorted(changes)


def test_the_clock_demo_puts_every_kind_of_deadline_on_the_task_lists(la):
    import datetime as dt

    from placements.selectors import task_list
    from tests.placements.factories import PlacementFactory
    from tests.providers.factories import ComplianceDocumentFactory, ProviderFactory, QAReviewFactory

    officer = UserFactory()
    MembershipFactory(user=officer, organisation=la, role="la_officer")
    school = SchoolFactory(organisation__local_authority=la)
    senco = UserFactory()
    MembershipFactory(user=senco, organisation=school.organisation, role="school_user")
    today = timezone.localdate()
    PlacementFactory(
        pupil__home_school=school,
        pupil__home_la=la,
        status=PlacementStatus.ACTIVE,
        start_date=today - dt.timedelta(days=120),
        end_date=today + dt.timedelta(days=60),
    )
    provider = ProviderFactory(organisation__local_authority=la, status="approved")
    QAReviewFactory(provider=provider, reviewed_on=today - dt.timedelta(days=60))
    ComplianceDocumentFactory(provider=provider, expires_on=today - dt.timedelta(days=12))
    provider_user = UserFactory()
    MembershipFactory(user=provider_user, organisation=provider.organisation, role="provider_user")
    demo.returning_this_week(la=la, school=school)
    clock.seed(la=la, schools=[school], stdout=io.StringIO())

    def kinds(user):
        tasks = task_list(user=user, today=today)
        return {row["kind"] for row in (*tasks.overdue, *tasks.today, *tasks.soon)}

    assert {"placement_review", "reintegration"} <= kinds(senco)
    assert {"day6_permanent", "qa_review", "reintegration", "document_expiry"} <= kinds(officer)
    assert kinds(provider_user) == {"document_expiry", "qa_review"}
