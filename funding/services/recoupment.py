"""AWPU recoupment: calculating the exclusion adjustment for a permanent exclusion, what an
admitting school is due, and moving each calculation calculated → notified → recovered or waived.

School and Early Years Finance (England) Regulations, reg 39 (2024 edition): the arithmetic is in
funding.recoupment_rule; here are the facts it needs and the refusals — only a permanent
exclusion, only a mainstream school, a maintained school's budget adjusted by the LA and an
academy's figure marked "by agreement with the trust", and the rates for the year entered first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.education import national_curriculum_year, year_label
from apcommission.core.models import School, SchoolType
from apcommission.core.years import financial_year_label, financial_year_start
from placements.models import Exclusion, ExclusionKind

from .. import conf
from ..models import (
    FundingBasis,
    PerPupilRate,
    RateBand,
    RateKind,
    Recoupment,
    RecoupmentKind,
    RecoupmentStatus,
    RecoupmentStatusChange,
)
from ..recoupment_rule import Adjustment, Rate, admitting_amount, exclusion_reduction
from ._common import check_finance, check_money, raise_if
from .equity import equity_figures_changed

ACADEMY_TYPES = frozenset({SchoolType.ACADEMY, SchoolType.FREE_SCHOOL})
NOT_MAINSTREAM_TYPES = frozenset({SchoolType.SPECIAL, SchoolType.PRU, SchoolType.INDEPENDENT})

S = RecoupmentStatus
ALLOWED_MOVES = {
    S.CALCULATED: frozenset({S.NOTIFIED, S.WAIVED}),
    S.NOTIFIED: frozenset({S.RECOVERED, S.WAIVED}),
    S.RECOVERED: frozenset(),
    S.WAIVED: frozenset(),
}


@dataclass
class WorkedOut:
    """A calculation worked out but not saved: the check-your-answers page shows it."""

    adjustment: Adjustment
    fields: dict
    inputs: dict

    @property
    def arithmetic(self) -> list[str]:
        return self.adjustment.arithmetic


# -- the facts ------------------------------------------------------------------------------


def is_academy(school: School) -> bool:
    return school.school_type in ACADEMY_TYPES or bool(school.trust_name)


def basis_problem(school: School, basis: str) -> str:
    """Why this school cannot have an adjustment on this basis ("" if it can): mainstream schools
    only; an academy's budget is not the LA's to reduce; a maintained school's is."""
    if school.school_type in NOT_MAINSTREAM_TYPES:
        return (
            f"{school.name} is {_a(SchoolType(school.school_type).label.lower())}: the exclusion adjustment applies "
            "only to mainstream schools, so there is nothing to calculate"
        )
    if basis not in FundingBasis.values:
        return "Select whether the school is LA-maintained or an academy"
    if is_academy(school) and basis == FundingBasis.MAINTAINED:
        trust = f" ({school.trust_name})" if school.trust_name else ""
        return (
            f"{school.name} is an academy{trust}: the LA cannot reduce its budget. Choose "
            '"Academy: by agreement with the trust"'
        )
    if not is_academy(school) and basis == FundingBasis.ACADEMY:
        return f'{school.name} is LA-maintained: choose "LA-maintained school: the LA adjusts its budget"'
    return ""


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def relevant_date_of(exclusion: Exclusion) -> tuple[dt.date, str]:
    """The relevant date and where it comes from (funding.conf: FUNDING_RECOUPMENT_RELEVANT_DATE,
    [unsure]; default the first day of the exclusion)."""
    if conf.relevant_date_rule() == "removed_from_roll_on" and exclusion.removed_from_roll_on:
        return exclusion.removed_from_roll_on, "the day the pupil came off the school's roll"
    return exclusion.first_day, "the first day of the exclusion"


def awpu_band_for(nc_year: int) -> str | None:
    if 0 <= nc_year <= 6:
        return RateBand.PRIMARY
    if 7 <= nc_year <= 9:
        return RateBand.KS3
    if 10 <= nc_year <= 11:
        return RateBand.KS4
    return None


def pupil_premium_band_for(*, nc_year: int, looked_after: bool) -> str:
    if looked_after:
        return RateBand.LOOKED_AFTER
    return RateBand.PRIMARY if nc_year <= 6 else RateBand.SECONDARY


def is_transfer_year(school: School, nc_year: int) -> bool:
    """The last year group before the pupil moves school: the school's highest year when recorded,
    else by phase (funding.conf: FUNDING_TRANSFER_YEARS, [unsure])."""
    last = school.highest_year if school.highest_year is not None else conf.transfer_years().get(school.phase)
    return last is not None and nc_year == last


def rates_page_hint() -> str:
    return f"on the per-pupil rates page ({reverse('funding:rate-list')})"


def _rate(local_authority_id: int, year: int, kind: str, band: str) -> Decimal | None:
    return (
        PerPupilRate.objects.filter(local_authority_id=local_authority_id, financial_year=year, kind=kind, band=band)
        .values_list("amount", flat=True)
        .first()
    )


def _missing_rate(kind: str, band: str, year: int) -> str:
    what = "AWPU" if kind == RateKind.AWPU else "pupil premium"
    return (
        f"Enter the {what} rate for {RateBand(band).label} in {financial_year_label(year)} "
        f"{rates_page_hint()} before calculating this recoupment"
    )


def _adjustment_problems(errors: dict, amount: Decimal, reason: str, *, field: str, reason_field: str) -> None:
    check_money(errors, field, amount, what="the adjustment")
    if field not in errors and amount and not reason.strip():
        errors[reason_field] = (
            "Enter the reason for the adjustment (for example, the independent review panel's direction)"
        )


# -- the excluding school's reduction --------------------------------------------------------


def _excluding_checks(*, user, exclusion: Exclusion, basis: str, adjustment: Decimal, reason: str) -> dict:
    check_finance(user, exclusion.school.organisation.local_authority_id)
    errors: dict = {}
    if exclusion.kind != ExclusionKind.PERMANENT:
        errors["__all__"] = "Only a permanent exclusion changes the school's budget: this is a suspension"
    problem = basis_problem(exclusion.school, basis)
    if problem:
        errors["basis"] = problem
    _adjustment_problems(errors, adjustment, reason, field="adjustment", reason_field="adjustment_reason")
    live = exclusion.recoupments.filter(kind=RecoupmentKind.EXCLUDING).exclude(status=S.WAIVED).first()
    if live is not None:
        errors["__all__"] = f"A reduction for this exclusion is already recorded ({live.get_status_display().lower()})"
    return errors


def recoupment_work_out(
    *, user, exclusion: Exclusion, basis: str, adjustment: Decimal = Decimal("0"), adjustment_reason: str = ""
) -> WorkedOut:
    """Work out the excluding school's reduction without saving it: A × (B ÷ 52), pupil premium
    the same way, + C (SEYFR reg 39). Raises ValidationError with GOV.UK messages."""
    errors = _excluding_checks(
        user=user, exclusion=exclusion, basis=basis, adjustment=adjustment, reason=adjustment_reason
    )
    raise_if(errors)
    school, pupil = exclusion.school, exclusion.pupil
    relevant_date, relevant_words = relevant_date_of(exclusion)
    year = financial_year_start(relevant_date)
    nc_year = national_curriculum_year(pupil.date_of_birth, relevant_date)
    band = awpu_band_for(nc_year)
    if band is None:
        raise ValidationError(
            f"There is no AWPU band for {year_label(nc_year)}: the exclusion adjustment covers pupils from "
            "Reception to Year 11"
        )
    la_id = school.organisation.local_authority_id
    awpu = _rate(la_id, year, RateKind.AWPU, band)
    if awpu is None:
        raise ValidationError(_missing_rate(RateKind.AWPU, band, year))
    pp_band, pp_rate = "", None
    if pupil.pupil_premium or pupil.looked_after:
        pp_band = pupil_premium_band_for(nc_year=nc_year, looked_after=pupil.looked_after)
        pp_rate = _rate(la_id, year, RateKind.PUPIL_PREMIUM, pp_band)
        if pp_rate is None:
            raise ValidationError(_missing_rate(RateKind.PUPIL_PREMIUM, pp_band, year))
    transfer = is_transfer_year(school, nc_year)
    label = financial_year_label(year)
    worked = exclusion_reduction(
        relevant_date=relevant_date,
        relevant_date_words=relevant_words,
        transfer_year=transfer,
        year_group=year_label(nc_year),
        awpu=Rate(awpu, RateBand(band).label, label),
        pupil_premium=Rate(pp_rate, RateBand(pp_band).label, label) if pp_rate is not None else None,
        adjustment=Decimal(adjustment),
        adjustment_reason=adjustment_reason.strip(),
        both_days=conf.count_both_days(),
    )
    if basis == FundingBasis.ACADEMY:
        worked.arithmetic.append(
            f"{school.name} is an academy: this figure is recovered only by agreement with the trust."
        )
    fields = {
        "local_authority_id": la_id,
        "exclusion": exclusion,
        "pupil": pupil,
        "school": school,
        "kind": RecoupmentKind.EXCLUDING,
        "basis": basis,
        "relevant_date": relevant_date,
        "period_end": worked.period_end,
        "financial_year": year,
        "nc_year": nc_year,
        "transfer_year": transfer,
        "weeks": worked.weeks,
        "awpu_band": band,
        "awpu_rate": awpu,
        "awpu_amount": worked.awpu_amount,
        "pupil_premium_band": pp_band,
        "pupil_premium_rate": pp_rate,
        "pupil_premium_amount": worked.pupil_premium_amount,
        "adjustment": worked.adjustment,
        "adjustment_reason": adjustment_reason.strip(),
        "total": worked.total,
        "arithmetic": worked.arithmetic,
        "rule_version": conf.RECOUPMENT_RULE_VERSION,
    }
    inputs = {
        "relevant_date_rule": conf.relevant_date_rule(),
        "count_both_days": conf.count_both_days(),
        "school_type": school.school_type,
        "trust_name": school.trust_name,
        "school_highest_year": school.highest_year,
        "pupil_date_of_birth": str(pupil.date_of_birth),
        "pupil_premium": pupil.pupil_premium,
        "looked_after": pupil.looked_after,
        "exclusion_first_day": str(exclusion.first_day),
        "removed_from_roll_on": str(exclusion.removed_from_roll_on or ""),
        "A": str(awpu),
        "B": worked.weeks,
        "C": str(worked.adjustment),
        "pupil_premium_rate": str(pp_rate or ""),
    }
    return WorkedOut(worked, fields, inputs)


def recoupment_calculate(
    *,
    user,
    exclusion: Exclusion,
    basis: str,
    adjustment: Decimal = Decimal("0"),
    adjustment_reason: str = "",
    submission_token: uuid.UUID | None = None,
) -> Recoupment:
    """Work out and store the excluding school's reduction, calculated, with its inputs, rule
    version and arithmetic; audited. A double submit (same token) returns the first."""
    existing = _by_token(submission_token)
    if existing is not None:
        return existing
    worked = recoupment_work_out(
        user=user, exclusion=exclusion, basis=basis, adjustment=adjustment, adjustment_reason=adjustment_reason
    )
    return _save(user=user, worked=worked, submission_token=submission_token)


# -- the admitting school ------------------------------------------------------------------


def _admitting_checks(
    *, user, reduction: Recoupment, school: School, admitted_on: dt.date, basis: str, additional, reason
) -> dict:
    check_finance(user, reduction.local_authority_id)
    errors: dict = {}
    if reduction.kind != RecoupmentKind.EXCLUDING or reduction.status == S.WAIVED:
        errors["__all__"] = "Work out the admitting school's amount from a reduction that has not been waived"
    if school.pk == reduction.school_id:
        errors["school"] = "Select the school that admitted the pupil, not the school that excluded them"
    else:
        problem = basis_problem(school, basis)
        if problem:
            errors["basis"] = problem
    if admitted_on < reduction.relevant_date:
        errors["admitted_on"] = (
            f"The date the pupil joined must be on or after the relevant date ({reduction.relevant_date:%-d %B %Y})"
        )
    elif admitted_on > reduction.period_end:
        errors["admitted_on"] = (
            f"The pupil joined after this funding period ended ({reduction.period_end:%-d %B %Y}): nothing is due"
        )
    _adjustment_problems(errors, additional, reason, field="additional", reason_field="additional_reason")
    live = Recoupment.objects.filter(exclusion_id=reduction.exclusion_id, school=school, kind=RecoupmentKind.ADMITTING)
    if live.exclude(status=S.WAIVED).exists():
        errors["school"] = f"An amount for {school.name} is already recorded for this exclusion"
    return errors


def admitting_work_out(
    *,
    user,
    reduction: Recoupment,
    school: School,
    admitted_on: dt.date,
    basis: str,
    additional: Decimal = Decimal("0"),
    additional_reason: str = "",
) -> WorkedOut:
    """What the admitting school is due at least: D × (E ÷ F), pupil premium the same way
    (SEYFR reg 39), plus any further amount agreed. Not saved."""
    raise_if(
        _admitting_checks(
            user=user,
            reduction=reduction,
            school=school,
            admitted_on=admitted_on,
            basis=basis,
            additional=additional,
            reason=additional_reason,
        )
    )
    d = reduction.awpu_amount + reduction.adjustment
    worked = admitting_amount(
        reduction=d,
        pupil_premium_reduction=reduction.pupil_premium_amount,
        relevant_date=reduction.relevant_date,
        period_end=reduction.period_end,
        admitted_on=admitted_on,
        additional=Decimal(additional),
        additional_reason=additional_reason.strip(),
        both_days=conf.count_both_days(),
    )
    if basis == FundingBasis.ACADEMY:
        worked.arithmetic.append(f"{school.name} is an academy: this amount is by agreement with the trust.")
    fields = {
        "local_authority_id": reduction.local_authority_id,
        "exclusion_id": reduction.exclusion_id,
        "pupil_id": reduction.pupil_id,
        "school": school,
        "kind": RecoupmentKind.ADMITTING,
        "basis": basis,
        "excluding_recoupment": reduction,
        "admitted_on": admitted_on,
        "relevant_date": reduction.relevant_date,
        "period_end": reduction.period_end,
        "financial_year": reduction.financial_year,
        "nc_year": reduction.nc_year,
        "transfer_year": reduction.transfer_year,
        "weeks": worked.weeks,
        "weeks_from_relevant_date": worked.weeks_from_relevant_date,
        "awpu_band": reduction.awpu_band,
        "awpu_rate": d,
        "awpu_amount": worked.awpu_amount,
        "pupil_premium_band": reduction.pupil_premium_band,
        "pupil_premium_rate": reduction.pupil_premium_amount if reduction.pupil_premium_band else None,
        "pupil_premium_amount": worked.pupil_premium_amount,
        "adjustment": worked.adjustment,
        "adjustment_reason": additional_reason.strip(),
        "total": worked.total,
        "arithmetic": worked.arithmetic,
        "rule_version": conf.RECOUPMENT_RULE_VERSION,
    }
    inputs = {
        "D": str(d),
        "E": worked.weeks,
        "F": worked.weeks_from_relevant_date,
        "pupil_premium_reduction": str(reduction.pupil_premium_amount),
        "admitted_on": str(admitted_on),
        "school_type": school.school_type,
        "count_both_days": conf.count_both_days(),
        "excluding_recoupment_id": reduction.pk,
    }
    return WorkedOut(worked, fields, inputs)


def admitting_calculate(
    *,
    user,
    reduction: Recoupment,
    school: School,
    admitted_on: dt.date,
    basis: str,
    additional: Decimal = Decimal("0"),
    additional_reason: str = "",
    submission_token: uuid.UUID | None = None,
) -> Recoupment:
    existing = _by_token(submission_token)
    if existing is not None:
        return existing
    worked = admitting_work_out(
        user=user,
        reduction=reduction,
        school=school,
        admitted_on=admitted_on,
        basis=basis,
        additional=additional,
        additional_reason=additional_reason,
    )
    return _save(user=user, worked=worked, submission_token=submission_token)


# -- saving and moving ----------------------------------------------------------------------


def _by_token(token: uuid.UUID | None) -> Recoupment | None:
    return Recoupment.objects.filter(submission_token=token).first() if token else None


def _save(*, user, worked: WorkedOut, submission_token: uuid.UUID | None) -> Recoupment:
    recoupment = Recoupment(**worked.fields, inputs=worked.inputs, calculated_by=user)
    if submission_token:
        recoupment.submission_token = submission_token
    recoupment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            recoupment.save()
            _equity_changed(recoupment)
            if recoupment.kind == RecoupmentKind.EXCLUDING:
                _mark_reduction(recoupment.exclusion_id, calculated=True)
            RecoupmentStatusChange.objects.create(
                recoupment=recoupment, to_status=S.CALCULATED, by=user, note="Calculated"
            )
            audit_change(user=user, obj=recoupment)
    except IntegrityError:
        # A double submit that raced, or a calculation made meanwhile by someone else.
        existing = _by_token(recoupment.submission_token)
        if existing is not None:
            return existing
        raise ValidationError("This calculation has just been recorded by someone else: check the recoupment list")
    return recoupment


def _mark_reduction(exclusion_id: int, *, calculated: bool) -> None:
    """Keep `Exclusion.reduction_calculated` (read by the list of exclusions to calculate): set
    when the excluding school's reduction is saved, cleared when it is waived (at most one is live:
    recoupment_one_live_reduction_per_exclusion)."""
    Exclusion.objects.filter(pk=exclusion_id).update(reduction_calculated=calculated)


def _equity_changed(recoupment: Recoupment) -> None:
    """The equity page shows the recoupment raised from each school (not waived): its LA's rows,
    and the recoupment's LA's, are counted again."""
    school_la = School.objects.filter(pk=recoupment.school_id).values("organisation__local_authority_id")
    equity_figures_changed(la_ids=[recoupment.local_authority_id], or_la_of=school_la)


def _move(*, user, recoupment: Recoupment, to: str, note: str = "", **values) -> Recoupment:
    check_finance(user, recoupment.local_authority_id)
    with transaction.atomic():
        locked = Recoupment.objects.select_for_update().get(pk=recoupment.pk)
        if to not in ALLOWED_MOVES[locked.status]:
            raise ValidationError(
                f"A recoupment that is {locked.get_status_display().lower()} cannot be marked "
                f"{RecoupmentStatus(to).label.lower()}"
            )
        before = snapshot(locked)
        previous = locked.status
        locked.status = to
        for name, value in values.items():
            setattr(locked, name, value)
        locked.full_clean(validate_constraints=False)
        locked.save()
        _equity_changed(locked)
        if to == S.WAIVED and locked.kind == RecoupmentKind.EXCLUDING:
            _mark_reduction(locked.exclusion_id, calculated=False)  # to calculate again
        RecoupmentStatusChange.objects.create(recoupment=locked, from_status=previous, to_status=to, by=user, note=note)
        audit_change(user=user, obj=locked, before=before)
    return locked


def _date_problem(day: dt.date, *, today: dt.date, after: dt.date | None, what: str) -> str:
    if day > today:
        return f"The date {what} must be today or in the past"
    if after is not None and day < after:
        return f"The date {what} must be on or after {after:%-d %B %Y}"
    return ""


def recoupment_notify(*, user, recoupment: Recoupment, notified_on: dt.date, today: dt.date | None = None):
    """The school (or the trust) has been told the amount: calculated → notified."""
    problem = _date_problem(
        notified_on, today=today or timezone.localdate(), after=recoupment.relevant_date, what="the school was told"
    )
    if problem:
        raise ValidationError({"notified_on": problem})
    return _move(user=user, recoupment=recoupment, to=S.NOTIFIED, notified_on=notified_on, note="School notified")


def recoupment_recover(*, user, recoupment: Recoupment, recovered_on: dt.date, today: dt.date | None = None):
    """The money has been recovered from the school's budget (or paid, for an admitting school):
    notified → recovered."""
    problem = _date_problem(
        recovered_on, today=today or timezone.localdate(), after=recoupment.notified_on, what="it was recovered"
    )
    if problem:
        raise ValidationError({"recovered_on": problem})
    return _move(user=user, recoupment=recoupment, to=S.RECOVERED, recovered_on=recovered_on, note="Recovered")


def recoupment_waive(*, user, recoupment: Recoupment, reason: str):
    """The LA will not recover it (for example, calculated in error, or the trust did not agree):
    calculated or notified → waived, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the amount is waived"})
    return _move(user=user, recoupment=recoupment, to=S.WAIVED, waived_reason=reason.strip(), note=reason.strip())


def can_move(recoupment: Recoupment, to: str) -> bool:
    return to in ALLOWED_MOVES[recoupment.status]
