"""A pupil with a record of every registered kind, each carrying a distinctive text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apcommission.core.models import Role, SchoolType
from apcommission.dataprotection.models import LegalHold, SubjectAccessExport
from funding.models import (
    BandedTopUp,
    Commitment,
    InvoiceDiscrepancy,
    PerPupilRate,
    RecoupmentStatusChange,
    TopUpBand,
    TopUpRow,
)
from funding.services import recoupment_calculate
from placements.models import (
    AttendanceMark,
    Deadline,
    HealthAbsence,
    PanelDecision,
    PlacementReview,
    PupilTransfer,
    Reminder,
    RequestUpdate,
    StatusChange,
)
from placements.services.deadlines import deadlines_refresh
from reports.models import CensusEntry, CensusFigures
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.funding.factories import ExclusionFactory, InvoiceFactory, PerPupilRateFactory, la_paid_placement
from tests.placements.factories import PupilFactory, missing_pupil_alert

BORN = dt.date(2012, 1, 15)  # Year 9 in 2025/26


def every_kind_for(la, *, name: str, secret: str, by=None):
    """A pupil of `la` called `name` with one record of each registered kind; `secret` is written
    into each record's free text. Returns the pupil."""
    school = SchoolFactory(organisation__local_authority=la, school_type=SchoolType.MAINTAINED)
    first, last = name.split(" ", 1)
    pupil = PupilFactory(home_school=school, legal_first_name=first, legal_last_name=last, date_of_birth=BORN)
    by = by or UserFactory()
    finance = UserFactory()
    MembershipFactory(user=finance, organisation=la, role=Role.LA_FINANCE)
    for year in (2025, 2026):
        for kind, band in (("awpu", "ks3"), ("awpu", "ks4"), ("pupil_premium", "secondary")):
            if not PerPupilRate.objects.filter(local_authority=la, financial_year=year, kind=kind, band=band).exists():
                PerPupilRateFactory(
                    local_authority=la, financial_year=year, kind=kind, band=band, amount=Decimal("5000")
                )
    exclusion = ExclusionFactory(
        pupil=pupil, school=school, kind="permanent", first_day=dt.date(2026, 3, 2), reason_detail=f"{secret} exclusion"
    )
    HealthAbsence.objects.create(
        pupil=pupil, school=school, first_day=dt.date(2025, 11, 3), school_days=16, reason_detail=f"{secret} illness"
    )
    deadlines_refresh(pupil_ids=[pupil.pk], today=dt.date(2026, 3, 3))
    Deadline.objects.filter(pupil=pupil).update(detail=f"{secret} deadline")
    Reminder.objects.create(
        deadline=Deadline.objects.filter(pupil=pupil).first(), recipient=by, stage="due_soon",
        batch="00000000-0000-0000-0000-000000000002",
    )  # fmt: skip
    PupilTransfer.objects.create(
        upn=pupil.upn, existing=pupil, legal_first_name=first, legal_last_name=f"{last} {secret}",
        date_of_birth=BORN, sex=pupil.sex, home_school=school, home_la=la, requested_by=by,
    )  # fmt: skip
    recoupment = recoupment_calculate(user=finance, exclusion=exclusion, basis="maintained")
    RecoupmentStatusChange.objects.create(recoupment=recoupment, to_status="notified", note=f"{secret} recoupment")
    placement = la_paid_placement(pupil=pupil, objectives=f"{secret} objectives")
    StatusChange.objects.create(placement=placement, to_status="active", note=f"{secret} status")
    decision = PanelDecision.objects.create(
        placement=placement,
        decision="approve",
        reasons=f"{secret} panel",
        decision_date=dt.date(2026, 9, 1),
        decided_by=by,
    )
    RequestUpdate.objects.create(placement=placement, panel_decision=decision, text=f"{secret} update")
    PlacementReview.objects.create(
        placement=placement, review_date=dt.date(2026, 10, 1), attendees="Officer", progress="Good",
        pupil_what_is_working=f"{secret} in my own words", pupil_what_should_change="More art",
        decision="continue", recorded_by=by,
    )  # fmt: skip
    AttendanceMark.objects.create(
        placement=placement, date=dt.date(2026, 10, 5), session="am", mark="authorised", reason=f"{secret} dentist"
    )
    missing_pupil_alert(placement, day=dt.date(2026, 10, 6), recipient=by)
    band = TopUpBand.objects.create(local_authority=la, name=f"Band {secret}", annual_amount=Decimal("1000.00"))
    BandedTopUp.objects.create(
        placement=placement, band=band, annual_amount=Decimal("1000.00"), reason=f"{secret} band", agreed_by=by
    )
    invoice = InvoiceFactory(placement=placement, decision_note=f"{secret} invoice")
    InvoiceDiscrepancy.objects.create(
        invoice=invoice, cause="not_attended", amount=Decimal("1.00"), explanation=f"{secret} discrepancy"
    )
    Commitment.objects.create(
        local_authority=la, kind="top_up", payer="la", placement=placement, provider=placement.provider,
        month=dt.date(2026, 10, 1), month_end=dt.date(2026, 10, 31), financial_year=2026, amount=Decimal("10.00"),
    )  # fmt: skip
    TopUpRow.objects.create(
        local_authority=la, financial_year=2026, placement=placement, payer="la", provider=placement.provider,
        sort_last_name=last, sort_first_name=first, top_up=Decimal("10.00"),
    )  # fmt: skip
    figures, _ = CensusFigures.objects.get_or_create(
        local_authority=la, defaults={"census_day": dt.date(2027, 1, 21), "as_of": timezone.now()}
    )
    CensusEntry.objects.create(figures=figures, position=figures.entries.count() + 1, placement=placement)
    SubjectAccessExport.objects.create(pupil=pupil, local_authority=la, requested_by=None, status="failed",
                                       error=f"{secret} earlier export")  # fmt: skip
    LegalHold.objects.create(pupil=pupil, reason=f"{secret} hold", placed_by=by, released_at=timezone.now())
    return pupil
