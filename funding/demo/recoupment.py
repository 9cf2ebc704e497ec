"""Demo recoupments: permanent exclusions for pupils placed from day 6 (the permanent exclusion
route), a reduction calculated for most, moved on to every state, an amount for an admitting
school, and a few left to calculate. Through the services, so each carries its arithmetic."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone

from apcommission.core.models import School, SchoolPhase, SchoolType
from placements.models import Exclusion, ExclusionKind, ExclusionReason, Placement, RouteCode

from ..models import Recoupment, RecoupmentKind, RecoupmentStatus
from ..rules import COMMITTED_STATUSES
from ..services import (
    admitting_calculate,
    recoupment_calculate,
    recoupment_notify,
    recoupment_recover,
    recoupment_waive,
)
from ..services.recoupment import NOT_MAINSTREAM_TYPES, is_academy

NAMESPACE = uuid.UUID("0f3d6c7a-9a51-4a8e-9e55-5b1f0e2f7c11")
EXCLUSIONS = 16
LEFT_TO_CALCULATE = 3
REASONS = [ExclusionReason.PERSISTENT_DISRUPTION, ExclusionReason.PHYSICAL_ASSAULT_ADULT, ExclusionReason.DRUGS_ALCOHOL]
#: The state each calculated reduction is moved to, in turn.
STATES = [
    RecoupmentStatus.CALCULATED,
    RecoupmentStatus.NOTIFIED,
    RecoupmentStatus.RECOVERED,
    RecoupmentStatus.NOTIFIED,
    RecoupmentStatus.WAIVED,
    RecoupmentStatus.RECOVERED,
]


def _exclusions(la, user) -> list[Exclusion]:
    placements = (
        Placement.objects.filter(
            pupil__home_la=la,
            route__code=RouteCode.PERMANENT_EXCLUSION,
            status__in=COMMITTED_STATUSES,
            start_date__lte=timezone.localdate(),
            pupil__home_school__isnull=False,
        )
        .select_related("pupil__home_school")
        .order_by("pk")[:EXCLUSIONS]
    )
    exclusions = []
    for index, placement in enumerate(placements):
        token = uuid.uuid5(NAMESPACE, f"exclusion-{placement.pk}")
        exclusion, _ = Exclusion.objects.get_or_create(
            submission_token=token,
            defaults={
                "pupil": placement.pupil,
                "school": placement.pupil.home_school,
                "kind": ExclusionKind.PERMANENT,
                "first_day": placement.start_date - dt.timedelta(days=8),
                "reason": REASONS[index % len(REASONS)],
                "removed_from_roll_on": placement.start_date + dt.timedelta(days=14),
                "recorded_by": user,
            },
        )
        exclusions.append(exclusion)
    return exclusions


def _move_to(recoupment: Recoupment, state: str, user) -> None:
    today = timezone.localdate()
    told = min(recoupment.relevant_date + dt.timedelta(days=21), today)
    if (
        state in (RecoupmentStatus.NOTIFIED, RecoupmentStatus.RECOVERED)
        and recoupment.status == RecoupmentStatus.CALCULATED
    ):
        recoupment = recoupment_notify(user=user, recoupment=recoupment, notified_on=told)
    if state == RecoupmentStatus.RECOVERED and recoupment.status == RecoupmentStatus.NOTIFIED:
        recoupment_recover(user=user, recoupment=recoupment, recovered_on=min(told + dt.timedelta(days=30), today))
    if state == RecoupmentStatus.WAIVED and recoupment.status == RecoupmentStatus.CALCULATED:
        recoupment_waive(
            user=user, recoupment=recoupment, reason="The trust did not agree; the exclusion was overturned on review"
        )


def _admitting(reduction: Recoupment, user) -> None:
    school = (
        School.objects.filter(
            organisation__local_authority_id=reduction.local_authority_id,
            school_type=SchoolType.MAINTAINED,
            phase=SchoolPhase.SECONDARY,
        )
        .exclude(pk=reduction.school_id)
        .order_by("urn")
        .first()
    )
    admitted_on = reduction.relevant_date + dt.timedelta(days=35)
    if school is None or admitted_on > min(reduction.period_end, timezone.localdate()):
        return
    try:
        admitting_calculate(
            user=user,
            reduction=reduction,
            school=school,
            admitted_on=admitted_on,
            basis="maintained",
            submission_token=uuid.uuid5(NAMESPACE, f"admitting-{reduction.pk}"),
        )
    except ValidationError:
        return


def seed(*, la, user) -> int:
    """Returns how many recoupments the run added."""
    before = Recoupment.objects.filter(local_authority=la).count()
    exclusions = _exclusions(la, user)
    calculated = [e for e in exclusions if e.school.school_type not in NOT_MAINSTREAM_TYPES]
    for index, exclusion in enumerate(calculated[: max(len(calculated) - LEFT_TO_CALCULATE, 0)]):
        try:
            reduction = recoupment_calculate(
                user=user,
                exclusion=exclusion,
                basis="academy" if is_academy(exclusion.school) else "maintained",
                submission_token=uuid.uuid5(NAMESPACE, f"reduction-{exclusion.pk}"),
            )
        except ValidationError:
            continue  # e.g. a pupil outside Reception to Year 11: nothing to calculate
        _move_to(reduction, STATES[index % len(STATES)], user)
        if index == 1 and reduction.kind == RecoupmentKind.EXCLUDING:
            _admitting(reduction, user)
    return Recoupment.objects.filter(local_authority=la).count() - before
