"""More of everything the pages of the leak matrix's world list (tests/leak_matrix.py), for counting
a page's queries at two data sizes (tests/test_query_counts.py).

`grow(world, n)` adds, all in LA 1: `n` more pupils of school A placed at new sites of provider A
(half paid by the LA, with marks, a review, an invoice, a permanent exclusion and its recoupment,
a health absence, a request waiting for the panel, a transfer and a reminder), marks and reviews on
every placement already there, `n` more approved providers, schools, colleagues, provider records
(contacts, concerns, feedback, change requests, QA reviews, documents), money (budget lines, places,
bands, contributions, costs) and reports (plans, actions, packs), and the records of data protection.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone


def _numbers(world, n: int) -> list[int]:
    """The next `n` numbers of this world's rows: every row grown is numbered apart from the
    others (names, references, dates), however many times the world grows."""
    first = getattr(world, "rows_grown", 0) + 1
    world.rows_grown = first + n - 1
    return list(range(first, first + n))


def grow(world, n: int = 3) -> None:
    """Add `n` more of every kind of row the world's pages list (see the module's docstring)."""
    _rates(world)
    for i in _numbers(world, n):
        _placed_pupil(world, i)
    _more_on_every_pupil(world, n)
    _more_on_every_placement(world, n)
    _providers_and_schools(world, n)
    _people(world, n)
    _money(world, n)
    _reports_and_data_protection(world, n)
    from funding.services import commitments_refresh
    from placements.models import Pupil
    from placements.services.deadlines import deadlines_refresh

    deadlines_refresh(pupil_ids=list(Pupil.objects.filter(home_la=world.la).values_list("pk", flat=True)))
    commitments_refresh(local_authority=world.la)


def _rates(world) -> None:
    """LA 1's per-pupil rates, this financial year and last, which a recoupment is calculated from."""
    from apcommission.core.years import years_of
    from funding.models import PerPupilRate

    year = years_of(timezone.localdate()).financial.start_year
    for kind, band in (("awpu", "ks3"), ("awpu", "ks4"), ("pupil_premium", "secondary")):
        for rate_year in (year - 1, year):
            PerPupilRate.objects.get_or_create(
                local_authority=world.la, financial_year=rate_year, kind=kind, band=band,
                defaults={"amount": Decimal("4321.09")},
            )  # fmt: skip


def _placed_pupil(world, i: int) -> None:
    from funding.models import Invoice
    from funding.services import recoupment_calculate
    from placements.models import (
        AttendanceMark,
        Deadline,
        HealthAbsence,
        PlacementReview,
        PlacementStatus,
        PupilTransfer,
        Reminder,
    )
    from placements.services.deadlines import deadlines_refresh
    from tests.funding.factories import la_paid_placement
    from tests.placements.factories import ExclusionFactory, PlacementFactory, PupilFactory
    from tests.providers.factories import SiteCapacityFactory, SiteFactory, SiteNeedFactory

    today = timezone.localdate()
    site = SiteFactory(provider=world.provider_a, name=f"Grown Site {i}")
    SiteCapacityFactory(site=site, key_stage="ks3", places=9)
    SiteNeedFactory(site=site)
    pupil = PupilFactory(home_school=world.school_a, legal_first_name="Grown", legal_last_name=f"Pupil{i}")
    dates = {"start_date": today - dt.timedelta(days=35), "end_date": today + dt.timedelta(days=60)}
    if i % 2:
        placement = la_paid_placement(pupil=pupil, site=site, **dates)
    else:
        placement = PlacementFactory(
            pupil=pupil, site=site, status=PlacementStatus.ACTIVE, requesting_school=world.school_a, **dates
        )
    for session in ("am", "pm"):
        AttendanceMark.objects.create(placement=placement, date=today, session=session, mark="present")
    type(placement).objects.filter(pk=placement.pk).update(review_due_by=today - dt.timedelta(days=i))
    PlacementReview.objects.create(
        placement=placement, review_date=today - dt.timedelta(days=30), attendees="Tutor", progress="Steady",
        pupil_what_is_working="Art", pupil_what_should_change="Less maths", decision="continue",
        recorded_by=world.users["la_officer"],
    )  # fmt: skip
    Invoice.objects.create(
        local_authority=world.la, placement=placement, provider=world.provider_a, reference=f"INV-GROWN-{i}",
        period_start=placement.start_date, period_end=placement.start_date + dt.timedelta(days=6),
        sessions_invoiced=6, amount=Decimal("285.00"), received_on=today, payment_terms_days=30,
        due_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    PlacementFactory(
        pupil=pupil, site=site, status=PlacementStatus.REQUESTED, requires_panel=True,
        requesting_school=world.school_a, start_date=today + dt.timedelta(days=61),
        end_date=today + dt.timedelta(days=120),
    )  # fmt: skip
    excluded = PupilFactory(home_school=world.school_a, legal_first_name="Grown", legal_last_name=f"Excluded{i}")
    exclusion = ExclusionFactory(pupil=excluded, kind="permanent", first_day=today - dt.timedelta(days=12 + i))
    recoupment_calculate(user=world.users["la_finance"], exclusion=exclusion, basis="maintained")
    ExclusionFactory(pupil=excluded, kind="permanent", first_day=today - dt.timedelta(days=5))
    HealthAbsence.objects.create(
        pupil=pupil, school=world.school_a, first_day=today - dt.timedelta(days=70), school_days=4
    )
    deadlines_refresh(pupil_ids=[pupil.pk, excluded.pk])
    for deadline in Deadline.objects.filter(exclusion__pupil=excluded):
        Reminder.objects.create(
            deadline=deadline, recipient=world.users["la_officer"], stage="overdue", batch=uuid.uuid4()
        )
    held = PupilFactory(home_school=world.school_b)
    PupilTransfer.objects.create(
        upn=held.upn, existing=held, legal_first_name="Grown", legal_last_name=f"Transfer{i}",
        date_of_birth=dt.date(2013, 3, 1), sex="M", home_school=world.school_a, home_la=world.la,
        requested_by=world.users["senco_a"],
    )  # fmt: skip


def _more_on_every_pupil(world, n: int) -> None:
    """Earlier placements, suspensions and health absences of every pupil of LA 1 already there
    (long before anything of the world's): their own pages list them."""
    from placements.models import HealthAbsence, PlacementStatus, Pupil
    from tests.placements.factories import ExclusionFactory, PlacementFactory
    from tests.providers.factories import SiteFactory

    today = timezone.localdate()
    site = SiteFactory(provider=world.provider_a, name="Grown Earlier Site")
    numbers = _numbers(world, n)
    for pupil in Pupil.objects.filter(home_la=world.la, home_school__isnull=False):
        for year in numbers:
            long_ago = today - dt.timedelta(days=400 + 45 * year)  # before any placement of the world's
            PlacementFactory(
                pupil=pupil, site=site, status=PlacementStatus.ENDED, start_date=long_ago,
                end_date=long_ago + dt.timedelta(days=30),
            )  # fmt: skip
            ExclusionFactory(pupil=pupil, school=pupil.home_school, first_day=long_ago + dt.timedelta(days=60))
            HealthAbsence.objects.create(
                pupil=pupil, school=pupil.home_school, first_day=long_ago + dt.timedelta(days=90), school_days=3
            )


def _more_on_every_placement(world, n: int) -> None:
    """Earlier marks and reviews on every placement of LA 1 that has begun: its own pages list them."""
    from placements.models import AttendanceMark, Placement, PlacementReview

    today = timezone.localdate()
    days = _numbers(world, n)
    for placement in Placement.objects.filter(pupil__home_la=world.la, start_date__lt=today):
        for day in days:
            date = today - dt.timedelta(days=day)
            if date < placement.start_date:
                break
            for session in ("am", "pm"):
                AttendanceMark.objects.get_or_create(
                    placement=placement, date=date, session=session, defaults={"mark": "present"}
                )
            PlacementReview.objects.create(
                placement=placement, review_date=date, attendees="Tutor", progress="Steady",
                pupil_what_is_working="Art", pupil_what_should_change="Less maths", decision="continue",
                recorded_by=world.users["la_officer"],
            )  # fmt: skip


def _providers_and_schools(world, n: int) -> None:
    from tests.factories import SchoolFactory
    from tests.providers.factories import (
        ChangeRequestFactory,
        ComplianceDocumentFactory,
        ConcernFactory,
        ContactFactory,
        FeedbackFactory,
        PriceFactory,
        ProviderFactory,
        QAChecklistItemFactory,
        QAReviewFactory,
        SiteCapacityFactory,
        SiteFactory,
        SiteNeedFactory,
    )

    a, officer = world.provider_a, world.users["la_officer"]
    for i in _numbers(world, n):
        provider = ProviderFactory(organisation__name=f"Grown Provider {i}", organisation__local_authority=world.la)
        site = SiteFactory(provider=provider, name=f"Grown Provider Site {i}")
        SiteCapacityFactory(site=site)
        SiteNeedFactory(site=site)
        PriceFactory(provider=provider)
        PriceFactory(provider=a)
        SchoolFactory(organisation__name=f"Grown School {i}", organisation__local_authority=world.la)
        ContactFactory(provider=a)
        ConcernFactory(provider=a, reporting_organisation=world.school_a.organisation)
        FeedbackFactory(provider=a, school=world.school_a.organisation, academic_year=2020 + i)
        ChangeRequestFactory(provider=a)
        QAReviewFactory(provider=a, author=officer)
        QAReviewFactory(provider=provider, author=officer)
        ComplianceDocumentFactory(
            provider=a, uploaded_by=officer, expires_on=timezone.localdate() + dt.timedelta(days=10)
        )
        QAChecklistItemFactory(local_authority=world.la)


def _people(world, n: int) -> None:
    from apcommission.core.models import AuditEvent, Membership, Role, ServiceFeedback
    from tests.factories import MembershipFactory, UserFactory

    colleague = Membership.objects.filter(
        user__email="zebedee.secret-colleague@leak.test", organisation=world.school_a.organisation
    ).first()
    for i in _numbers(world, n):
        user = UserFactory(email=f"grown.colleague{i}@leak.test")
        MembershipFactory(user=user, organisation=world.school_a.organisation, role=Role.SCHOOL_USER)
        if colleague and not colleague.user.memberships.filter(organisation=world.school_b.organisation).exists():
            MembershipFactory(user=colleague.user, organisation=world.school_b.organisation, role=Role.SCHOOL_USER)
        ServiceFeedback.objects.create(
            satisfaction="satisfied", improve=f"Grown feedback {i}", local_authority=world.la
        )
    for event in AuditEvent.objects.order_by("pk")[: n * 5]:
        event.pk = None
        event.save()


def _money(world, n: int) -> None:
    from apcommission.core.years import years_of
    from funding.models import BudgetLine, CommissionedPlaces, SchoolContribution, ServiceCost, TopUpBand
    from providers.models import Provider
    from tests.providers.factories import ProviderFactory

    today = timezone.localdate()
    year, academic = years_of(today).financial.start_year, years_of(today).academic.start_year
    schools = list(world.la.organisations.filter(school__isnull=False).exclude(pk=world.school_a.organisation.pk))
    for i in _numbers(world, n):
        BudgetLine.objects.create(
            local_authority=world.la, financial_year=year, name=f"Grown budget {i}", amount=Decimal("1000")
        )
        pru = ProviderFactory(
            organisation__local_authority=world.la, organisation__name=f"Grown PRU {i}", provider_type="pru"
        )
        CommissionedPlaces.objects.create(
            local_authority=world.la, provider=pru, academic_year=academic, places=3, rate_per_place=Decimal("10000")
        )
        TopUpBand.objects.create(local_authority=world.la, name=f"Grown band {i}", annual_amount=Decimal("1000"))
        ServiceCost.objects.create(
            local_authority=world.la, financial_year=year, description=f"Grown cost {i}", amount=Decimal("500")
        )
    for organisation in schools:
        SchoolContribution.objects.get_or_create(
            local_authority=world.la, school=organisation.school, financial_year=year,
            defaults={"annual_amount": Decimal("500")},
        )  # fmt: skip
    assert Provider.objects.filter(organisation__local_authority=world.la, provider_type="pru").count() >= n


def _reports_and_data_protection(world, n: int) -> None:
    from apcommission.dataprotection.models import LegalHold, SubjectAccessExport
    from reports.selectors.pack import PackOptions
    from reports.services import PlanFigures, pack_publish, pack_request, plan_create, priority_area_add
    from reports.services.improvement import improvement_action_save
    from tests.placements.factories import PupilFactory

    officer, today = world.users["la_officer"], timezone.localdate()
    options = PackOptions(today, 2026, today - dt.timedelta(days=30), today)
    for i in _numbers(world, n):
        plan_create(
            local_authority=world.la,
            figures=PlanFigures(f"Grown scenario {i}", "2025-26", Decimal("1000000"), 80, [(Decimal("900000"), 90)]),
            by=officer,
        )
        area = priority_area_add(local_authority=world.la, title=f"Grown area {i}", by=officer)
        improvement_action_save(area=area, description=f"Grown action {i}", lead="Team", due_date=today, by=officer)
        pack_publish(pack=pack_request(local_authority=world.la, options=options, by=officer), by=officer)
        pupil = PupilFactory(home_school=world.school_a)
        LegalHold.objects.create(pupil=pupil, reason=f"Grown claim {i}", placed_by=officer)
        export = SubjectAccessExport(pupil=pupil, local_authority=world.la, requested_by=officer, status="ready")
        export.file.save(f"grown-{i}.zip", ContentFile(b"grown"), save=False)
        export.save()
