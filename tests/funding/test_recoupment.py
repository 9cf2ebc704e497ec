"""Calculating the exclusion adjustment from stored exclusions and rates: worked examples around
1 April and in a transfer year, mainstream schools only, academies by agreement with the trust,
missing rates named, and the life of a calculation (calculated → notified → recovered or waived)."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.core.models import AuditEvent, SchoolPhase, SchoolType
from funding.models import Recoupment, RecoupmentStatus, RecoupmentStatusChange
from funding.services import (
    admitting_calculate,
    recoupment_calculate,
    recoupment_notify,
    recoupment_recover,
    recoupment_waive,
)
from tests.factories import SchoolFactory
from tests.funding.factories import ExclusionFactory, PerPupilRateFactory, PupilFactory

YEAR_9_IN_2025 = dt.date(2012, 1, 15)  # Year 9 in 2025/26
YEAR_11_IN_2025 = dt.date(2009, 10, 1)  # Year 11 in 2025/26


@pytest.fixture
def rates(la):
    for year, ks3, ks4 in ((2025, "5000.00", "5500.00"), (2026, "5200.00", "5600.00")):
        PerPupilRateFactory(local_authority=la, financial_year=year, kind="awpu", band="ks3", amount=Decimal(ks3))
        PerPupilRateFactory(local_authority=la, financial_year=year, kind="awpu", band="ks4", amount=Decimal(ks4))
        PerPupilRateFactory(
            local_authority=la, financial_year=year, kind="pupil_premium", band="secondary", amount=Decimal("1050.00")
        )
        PerPupilRateFactory(
            local_authority=la,
            financial_year=year,
            kind="pupil_premium",
            band="looked_after",
            amount=Decimal("2570.00"),
        )


def school(la, name="Kingsmead School", **kwargs):
    kwargs.setdefault("school_type", SchoolType.MAINTAINED)
    return SchoolFactory(organisation__name=name, organisation__local_authority=la, **kwargs)


def permanent_exclusion(school, first_day, *, born=YEAR_9_IN_2025, **pupil):
    child = PupilFactory(home_school=school, date_of_birth=born, **pupil)
    return ExclusionFactory(pupil=child, school=school, kind="permanent", first_day=first_day)


def calculate(user, exclusion, basis="maintained", **kwargs):
    return recoupment_calculate(user=user, exclusion=exclusion, basis=basis, **kwargs)


def test_excluded_on_2_march_2026_from_a_maintained_school(la, la_finance, rates):
    exclusion = permanent_exclusion(school(la), dt.date(2026, 3, 2), pupil_premium=True)
    recoupment = calculate(la_finance, exclusion)
    assert (recoupment.weeks, recoupment.financial_year, recoupment.awpu_band) == (4, 2025, "ks3")
    assert (recoupment.awpu_amount, recoupment.pupil_premium_amount) == (Decimal("384.62"), Decimal("80.77"))
    assert recoupment.total == Decimal("465.39")
    assert recoupment.period_end == dt.date(2026, 3, 31)
    assert recoupment.status == RecoupmentStatus.CALCULATED and not recoupment.by_agreement_with_trust
    assert recoupment.rule_version.startswith("SEYFR 2024 reg 39")
    assert recoupment.inputs["A"] == "5000.00" and recoupment.inputs["B"] == 4
    assert recoupment.arithmetic == [
        "Relevant date: Monday 2 March 2026 (the first day of the exclusion).",
        "The pupil was in Year 9 on that date, not a transfer year.",
        "B counts to Tuesday 31 March 2026, the end of the funding period (the financial year).",
        "B = complete weeks from Monday 2 March 2026 to Tuesday 31 March 2026 (both days counted): "
        "30 days ÷ 7 = 4 complete weeks.",
        "A = £5,000.00, the AWPU for Key stage 3 (Years 7 to 9) in 2025-26.",
        "AWPU line = A × B ÷ 52 = £5,000.00 × 4 ÷ 52 = £384.62 (£384.6154 before rounding to the nearest penny).",
        "Pupil premium line = £1,050.00 (pupil premium for Secondary (Years 7 to 11) in 2025-26) × B ÷ 52 = "
        "£1,050.00 × 4 ÷ 52 = £80.77 (£80.7692 before rounding to the nearest penny).",
        "C = £0.00: no adjustment.",
        "Reduction = AWPU line + pupil premium line + C = £384.62 + £80.77 + £0.00 = £465.39.",
    ]
    assert AuditEvent.objects.filter(object_id=str(recoupment.pk), action="create", is_child_record=True).exists()
    assert list(recoupment.status_changes.values_list("to_status", flat=True)) == ["calculated"]


def test_around_1_april_the_rate_and_period_of_the_new_year_apply(la, la_finance, rates):
    kingsmead = school(la)
    on_31_march = calculate(la_finance, permanent_exclusion(kingsmead, dt.date(2026, 3, 31)))
    assert (on_31_march.weeks, on_31_march.total, on_31_march.financial_year) == (0, Decimal("0.00"), 2025)
    on_1_april = calculate(la_finance, permanent_exclusion(kingsmead, dt.date(2026, 4, 1), born=dt.date(2012, 1, 15)))
    # Year 9 in 2025/26 still on 1 April 2026: the 2026-27 KS3 rate, 365 days to 31 March 2027 = 52 weeks.
    assert (on_1_april.weeks, on_1_april.financial_year, on_1_april.awpu_rate) == (52, 2026, Decimal("5200.00"))
    assert on_1_april.total == Decimal("5200.00")
    assert "365 days ÷ 7 = 52 complete weeks" in on_1_april.arithmetic[3]


def test_transfer_year_pupil_excluded_on_or_after_1_april_counts_to_31_august(la, la_finance, rates):
    eleven_to_sixteen = school(la, highest_year=11)
    exclusion = permanent_exclusion(eleven_to_sixteen, dt.date(2026, 4, 1), born=YEAR_11_IN_2025)
    recoupment = calculate(la_finance, exclusion)
    assert recoupment.transfer_year and recoupment.period_end == dt.date(2026, 8, 31)
    assert (recoupment.weeks, recoupment.awpu_band, recoupment.total) == (21, "ks4", Decimal("2261.54"))
    assert "The pupil was in Year 11 on that date, a transfer year." in recoupment.arithmetic
    assert (
        "B counts to Monday 31 August 2026, the end of the school year, because the pupil is in a transfer year "
        "and was excluded on or after 1 April." in recoupment.arithmetic
    )
    assert (
        "£5,600.00 × 21 ÷ 52 = £2,261.54 (£2,261.5385 before rounding to the nearest penny)"
        in (recoupment.arithmetic[5])
    )


def test_a_year_11_pupil_at_a_school_with_a_sixth_form_is_not_in_a_transfer_year(la, la_finance, rates):
    with_sixth_form = school(la, highest_year=13)
    recoupment = calculate(la_finance, permanent_exclusion(with_sixth_form, dt.date(2026, 4, 1), born=YEAR_11_IN_2025))
    assert not recoupment.transfer_year
    assert (recoupment.period_end, recoupment.weeks, recoupment.total) == (dt.date(2027, 3, 31), 52, Decimal("5600.00"))


def test_transfer_year_by_phase_when_the_school_has_no_highest_year(la, la_finance, rates):
    secondary = school(la, highest_year=None, phase=SchoolPhase.SECONDARY)
    recoupment = calculate(la_finance, permanent_exclusion(secondary, dt.date(2026, 5, 4), born=YEAR_11_IN_2025))
    assert recoupment.transfer_year and recoupment.period_end == dt.date(2026, 8, 31)


def test_looked_after_child_gets_pupil_premium_plus_as_its_own_line(la, la_finance, rates):
    exclusion = permanent_exclusion(school(la), dt.date(2026, 3, 2), looked_after=True)
    recoupment = calculate(la_finance, exclusion)
    assert (recoupment.pupil_premium_band, recoupment.pupil_premium_amount) == ("looked_after", Decimal("197.69"))
    assert recoupment.total == Decimal("384.62") + Decimal("197.69")


def test_academy_gets_the_same_figure_marked_by_agreement_with_the_trust(la, la_finance, rates):
    maintained = calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)))
    academy = school(la, "Ridgeway Academy", school_type=SchoolType.ACADEMY, trust_name="Ridgeway Trust")
    by_agreement = calculate(la_finance, permanent_exclusion(academy, dt.date(2026, 3, 2)), basis="academy")
    assert by_agreement.total == maintained.total == Decimal("384.62")
    assert by_agreement.by_agreement_with_trust
    assert by_agreement.arithmetic[-1] == (
        "Ridgeway Academy is an academy: this figure is recovered only by agreement with the trust."
    )


def test_academy_computed_as_if_maintained_is_refused_and_nothing_is_saved(la, la_finance, rates):
    academy = school(la, "Ridgeway Academy", school_type=SchoolType.ACADEMY, trust_name="Ridgeway Trust")
    with pytest.raises(ValidationError) as refused:
        calculate(la_finance, permanent_exclusion(academy, dt.date(2026, 3, 2)), basis="maintained")
    assert refused.value.message_dict["basis"] == [
        'Ridgeway Academy is an academy (Ridgeway Trust): the LA cannot reduce its budget. Choose "Academy: by '
        'agreement with the trust"'
    ]
    assert not Recoupment.objects.exists()


@pytest.mark.parametrize(
    ("school_type", "words"),
    [
        (SchoolType.SPECIAL, "a special school"),
        (SchoolType.PRU, "a pupil referral unit"),
        (SchoolType.INDEPENDENT, "an independent school"),
    ],
)
@pytest.mark.parametrize("basis", ["maintained", "academy"])
def test_special_schools_prus_and_independent_schools_are_refused(la, la_finance, rates, school_type, words, basis):
    oakfield = school(la, "Oakfield", school_type=school_type)
    with pytest.raises(ValidationError) as refused:
        calculate(la_finance, permanent_exclusion(oakfield, dt.date(2026, 3, 2)), basis=basis)
    assert refused.value.message_dict["basis"] == [
        f"Oakfield is {words}: the exclusion adjustment applies only to mainstream schools, so there is nothing to "
        "calculate"
    ]
    assert not Recoupment.objects.exists()


def test_a_maintained_school_cannot_be_treated_as_an_academy(la, la_finance, rates):
    with pytest.raises(ValidationError) as refused:
        calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)), basis="academy")
    assert "is LA-maintained" in refused.value.message_dict["basis"][0]


def test_missing_awpu_rate_says_what_to_enter_and_where(la, la_finance):
    with pytest.raises(ValidationError) as refused:
        calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)))
    assert refused.value.messages == [
        "Enter the AWPU rate for Key stage 3 (Years 7 to 9) in 2025-26 on the per-pupil rates page "
        "(/funding/recoupment/rates/) before calculating this recoupment"
    ]
    assert not Recoupment.objects.exists()


def test_missing_pupil_premium_rate_says_what_to_enter(la, la_finance):
    PerPupilRateFactory(local_authority=la, financial_year=2025, kind="awpu", band="ks3")
    with pytest.raises(ValidationError) as refused:
        calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2), pupil_premium=True))
    assert "Enter the pupil premium rate for Secondary (Years 7 to 11) in 2025-26" in refused.value.messages[0]


def test_a_suspension_is_refused(la, la_finance, rates):
    suspension = ExclusionFactory(pupil=PupilFactory(home_school=school(la)), first_day=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="Only a permanent exclusion changes the school's budget"):
        calculate(la_finance, suspension)


@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [
        (Decimal("-100"), "Panel", "The adjustment cannot be negative"),
        (Decimal("10.005"), "Panel", "Enter the adjustment to the nearest penny, like 1500.50"),
        (Decimal("4000"), "  ", "Enter the reason for the adjustment"),
    ],
)
def test_bad_adjustments_are_refused(la, la_finance, rates, amount, reason, message):
    with pytest.raises(ValidationError) as refused:
        calculate(
            la_finance,
            permanent_exclusion(school(la), dt.date(2026, 3, 2)),
            adjustment=amount,
            adjustment_reason=reason,
        )
    assert any(m.startswith(message) for m in refused.value.messages)
    assert not Recoupment.objects.exists()


def test_c_is_added_with_its_reason(la, la_finance, rates):
    recoupment = calculate(
        la_finance,
        permanent_exclusion(school(la), dt.date(2026, 3, 2)),
        adjustment=Decimal("4000.00"),
        adjustment_reason="Independent review panel: readjustment",
    )
    assert recoupment.total == Decimal("4384.62")
    assert "C = £4,000.00: Independent review panel: readjustment." in recoupment.arithmetic


def test_one_live_reduction_per_exclusion_and_a_double_submit_saves_one(la, la_finance, rates):
    exclusion = permanent_exclusion(school(la), dt.date(2026, 3, 2))
    token = uuid.uuid4()
    first = calculate(la_finance, exclusion, submission_token=token)
    assert calculate(la_finance, exclusion, submission_token=token) == first
    with pytest.raises(ValidationError, match="already recorded"):
        calculate(la_finance, exclusion)
    recoupment_waive(user=la_finance, recoupment=first, reason="Calculated against the wrong school")
    second = calculate(la_finance, exclusion)
    assert Recoupment.objects.count() == 2 and second.status == "calculated"


def test_only_finance_officers_calculate(la, la_officer, la_manager, rates):
    exclusion = permanent_exclusion(school(la), dt.date(2026, 3, 2))
    for user in (la_officer, la_manager):
        with pytest.raises(PermissionDenied):
            calculate(user, exclusion)


def test_calculated_notified_recovered_each_audited(la, la_finance, rates):
    recoupment = calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)))
    today = dt.date(2026, 5, 1)
    with pytest.raises(ValidationError, match="cannot be marked recovered"):
        recoupment_recover(user=la_finance, recoupment=recoupment, recovered_on=today, today=today)
    notified = recoupment_notify(user=la_finance, recoupment=recoupment, notified_on=dt.date(2026, 3, 20), today=today)
    with pytest.raises(ValidationError) as too_early:
        recoupment_recover(user=la_finance, recoupment=notified, recovered_on=dt.date(2026, 3, 19), today=today)
    assert too_early.value.message_dict["recovered_on"] == [
        "The date it was recovered must be on or after 20 March 2026"
    ]
    recovered = recoupment_recover(user=la_finance, recoupment=notified, recovered_on=dt.date(2026, 4, 30), today=today)
    assert (recovered.status, recovered.notified_on, recovered.recovered_on) == (
        "recovered",
        dt.date(2026, 3, 20),
        dt.date(2026, 4, 30),
    )
    moves = RecoupmentStatusChange.objects.filter(recoupment=recovered).values_list("from_status", "to_status")
    assert list(moves) == [("", "calculated"), ("calculated", "notified"), ("notified", "recovered")]
    changes = AuditEvent.objects.filter(object_id=str(recovered.pk), action="change")
    assert [e.changes["status"] for e in changes.order_by("at", "id")] == [
        ["calculated", "notified"],
        ["notified", "recovered"],
    ]
    assert recovered.history.count() == 3
    with pytest.raises(ValidationError, match="cannot be marked waived"):
        recoupment_waive(user=la_finance, recoupment=recovered, reason="Too late")


def test_waiving_needs_a_reason(la, la_finance, rates):
    recoupment = calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)))
    with pytest.raises(ValidationError) as refused:
        recoupment_waive(user=la_finance, recoupment=recoupment, reason=" ")
    assert refused.value.message_dict["reason"] == ["Enter why the amount is waived"]
    recoupment.refresh_from_db()
    assert recoupment.status == "calculated"


def test_admitting_school_is_due_at_least_d_times_e_over_f(la, la_finance, rates):
    exclusion = permanent_exclusion(school(la), dt.date(2026, 1, 5))
    reduction = calculate(la_finance, exclusion)
    assert (reduction.weeks, reduction.total) == (12, Decimal("1153.85"))
    admitting = school(la, "Hollins Park School")
    amount = admitting_calculate(
        user=la_finance, reduction=reduction, school=admitting, admitted_on=dt.date(2026, 2, 2), basis="maintained"
    )
    assert (amount.kind, amount.weeks, amount.weeks_from_relevant_date) == ("admitting", 8, 12)
    assert amount.total == Decimal("769.23")
    assert "AWPU due = D × E ÷ F = £1,153.85 × 8 ÷ 12 = £769.23 (£769.2333 before rounding to the nearest penny)." in (
        amount.arithmetic
    )
    assert amount.excluding_recoupment == reduction and amount.school == admitting


def test_admitting_school_refusals(la, la_finance, rates):
    kingsmead = school(la)
    reduction = calculate(la_finance, permanent_exclusion(kingsmead, dt.date(2026, 1, 5)))
    other = school(la, "Hollins Park School")
    cases = [
        (kingsmead, dt.date(2026, 2, 2), "school", "not the school that excluded them"),
        (other, dt.date(2026, 1, 2), "admitted_on", "must be on or after the relevant date (5 January 2026)"),
        (other, dt.date(2026, 4, 1), "admitted_on", "after this funding period ended (31 March 2026)"),
    ]
    for admitting, admitted_on, field, words in cases:
        with pytest.raises(ValidationError) as refused:
            admitting_calculate(
                user=la_finance, reduction=reduction, school=admitting, admitted_on=admitted_on, basis="maintained"
            )
        assert words in refused.value.message_dict[field][0]
    assert Recoupment.objects.count() == 1


def test_relevant_date_can_be_the_day_the_pupil_came_off_roll(la, la_finance, rates, settings):
    settings.FUNDING_RECOUPMENT_RELEVANT_DATE = "removed_from_roll_on"
    exclusion = permanent_exclusion(school(la), dt.date(2026, 2, 2))
    exclusion.removed_from_roll_on = dt.date(2026, 3, 2)
    exclusion.save()
    recoupment = calculate(la_finance, exclusion)
    assert (recoupment.relevant_date, recoupment.weeks) == (dt.date(2026, 3, 2), 4)
    assert recoupment.arithmetic[0] == (
        "Relevant date: Monday 2 March 2026 (the day the pupil came off the school's roll)."
    )


def test_the_list_shows_the_schools_owing_most_and_sums_the_others(client, la, la_finance, rates, monkeypatch):
    """The by-school table is bounded: the schools owing most, then the others summed; the figures
    equal those worked out directly from every reduction."""
    from django.db.models import Sum
    from django.urls import reverse

    from funding.models import OUTSTANDING_STATUSES
    from funding.selectors import outstanding_summary
    from funding.views import recoupment as views

    schools = [school(la, f"School {letter}") for letter in "ABCD"]
    for index, each in enumerate(schools):
        for day in range(index + 1):
            calculate(la_finance, permanent_exclusion(each, dt.date(2026, 3, 2 + day)))
    recovered = calculate(la_finance, permanent_exclusion(schools[0], dt.date(2026, 3, 9)))
    recoupment_notify(
        user=la_finance, recoupment=recovered, notified_on=dt.date(2026, 3, 20), today=dt.date(2026, 5, 1)
    )
    recovered.refresh_from_db()
    recoupment_recover(
        user=la_finance, recoupment=recovered, recovered_on=dt.date(2026, 4, 30), today=dt.date(2026, 5, 1)
    )

    outstanding = Recoupment.objects.filter(local_authority=la, kind="excluding", status__in=OUTSTANDING_STATUSES)
    summary = outstanding_summary(user=la_finance, schools=2)
    assert [row["school_name"] for row in summary.schools] == ["School D", "School C"]
    shown = outstanding.filter(school__organisation__name__in=["School D", "School C"])
    rest = outstanding.exclude(school__organisation__name__in=["School D", "School C"])
    assert summary.total == outstanding.aggregate(total=Sum("total"))["total"]
    assert (summary.others, summary.others_count) == (2, rest.count())
    assert summary.others_total == rest.aggregate(total=Sum("total"))["total"]
    assert sum(row["total"] for row in summary.schools) == shown.aggregate(total=Sum("total"))["total"]

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(la_finance)
    html = client.get(reverse("funding:recoupment-list")).content.decode()
    assert "by school: the 2 owing most" in html
    assert "2 other schools" in html


def test_the_page_writes_the_history_as_the_templates_loop_did(client, la, la_finance, rates):
    """The history's rows are written by the view: the same markup as the loop it replaced."""
    from django.template import Context, Template
    from django.urls import reverse

    recoupment = calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)))
    today = dt.date(2026, 5, 1)
    recoupment_notify(user=la_finance, recoupment=recoupment, notified_on=dt.date(2026, 3, 20), today=today)
    RecoupmentStatusChange.objects.filter(recoupment=recoupment, to_status="notified").update(note="Sent <by post>")
    loop = Template(
        """{% for c in changes %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ c.at|date:"j M Y, H:i" }}</td><td class="govuk-table__cell">{{ c }}{% if c.note %}<br><span class="govuk-body-s">{{ c.note }}</span>{% endif %}</td><td class="govuk-table__cell">{{ c.by.full_name|default:"" }}</td></tr>
  {% endfor %}"""  # noqa: E501 - the template's loop as it was
    )
    before = loop.render(Context({"changes": recoupment.status_changes.select_related("by")}))
    client.force_login(la_finance)
    page = client.get(reverse("funding:recoupment-detail", args=[recoupment.pk])).content.decode()
    assert f'<tbody class="govuk-table__body">\n  {before}\n  </tbody>' in page
    assert "Sent &lt;by post&gt;" in before and "New → Calculated" in before


def test_the_exclusions_marked_calculated_are_those_with_a_live_reduction(la, la_finance, rates):
    """`Exclusion.reduction_calculated` (kept with the reductions) against the reductions read
    directly, and the list of exclusions to calculate with it."""
    from django.db.models import Exists, OuterRef

    from funding.selectors import exclusions_to_calculate
    from placements.models import Exclusion

    kingsmead = school(la)
    first, second, third = (permanent_exclusion(kingsmead, dt.date(2026, 3, day)) for day in (2, 3, 4))
    calculate(la_finance, first)
    waived = calculate(la_finance, second)
    recoupment_waive(user=la_finance, recoupment=waived, reason="Calculated in error")
    live = Recoupment.objects.filter(exclusion=OuterRef("pk"), kind="excluding").exclude(status="waived")
    marked = Exclusion.objects.filter(reduction_calculated=True)
    assert set(marked) == set(Exclusion.objects.filter(Exists(live))) == {first}
    assert list(exclusions_to_calculate(user=la_finance)) == [second, third]
    calculate(la_finance, second)  # calculated again after it was waived
    assert set(Exclusion.objects.filter(reduction_calculated=True)) == {first, second}
    assert list(exclusions_to_calculate(user=la_finance)) == [third]
