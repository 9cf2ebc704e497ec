"""Reads the provider register needs from placements: who is placed full-time with a provider
(the registration test, Education and Skills Act 2008 s.92) and whether a school has used one
(termly feedback comes only from schools that used the provider: issue 3, item 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from apcommission.core.education import is_compulsory_school_age
from providers.registration import PupilAtProvider

from ..costs import hours_per_session
from ..models import TAKES_A_PLACE_STATUSES, AttendancePattern, Placement, PlacementStatus, SenStatus

#: Placements through which a school has used a provider: booked, under way or over.
USED_STATUSES = frozenset(
    {PlacementStatus.BOOKED, PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN}
)


def providers_registration_inputs(*, providers: Iterable, on: dt.date) -> dict[int, list[PupilAtProvider]]:
    """Each provider's pupils in booked or active placements on `on`, as the registration test
    sees them; one query whatever the number of providers (for the register list).

    Hours a week = sessions a week × hours a session (placements' setting, [unsure] 2.5). A pupil
    with several placements at one provider on that day is one pupil: their hours are added up."""
    provider_ids = [getattr(p, "pk", p) for p in providers]
    rows = (
        Placement.objects.filter(
            provider_id__in=provider_ids,
            status__in=TAKES_A_PLACE_STATUSES,
            start_date__lte=on,
            end_date__gte=on,
        )
        .order_by("provider_id", "pupil_id", "pk")
        .values_list(
            "provider_id",
            "pupil_id",
            "pupil__date_of_birth",
            "pupil__sen_status",
            "pupil__looked_after",
            "sessions_per_week",
            "attendance_pattern",
        )
    )
    per_session = hours_per_session()
    pupils: dict[tuple[int, int], PupilAtProvider] = {}
    for provider_id, pupil_id, born, sen_status, looked_after, sessions, pattern in rows:
        hours = Decimal(sessions) * per_session
        full_time = pattern == AttendancePattern.FULL_TIME
        earlier = pupils.get((provider_id, pupil_id))
        if earlier is not None:
            hours += earlier.hours_per_week
            full_time = full_time or earlier.full_time_pattern
        pupils[(provider_id, pupil_id)] = PupilAtProvider(
            hours_per_week=hours,
            compulsory_school_age=is_compulsory_school_age(born, on),
            has_ehcp=sen_status == SenStatus.EHCP,
            looked_after=looked_after,
            full_time_pattern=full_time,
        )
    result: dict[int, list[PupilAtProvider]] = {pk: [] for pk in provider_ids}
    for (provider_id, _pupil_id), pupil in pupils.items():
        result[provider_id].append(pupil)
    return result


def provider_registration_inputs(*, provider, on: dt.date) -> list[PupilAtProvider]:
    """One provider's pupils for the registration test on `on` (see providers_registration_inputs)."""
    return providers_registration_inputs(providers=[provider], on=on)[getattr(provider, "pk", provider)]


def school_has_used_provider(*, school_org_id: int, provider) -> bool:
    """True when a pupil of the school (on its roll, or placed at its request) has had a booked,
    active, ended or broken-down placement with the provider."""
    return (
        Placement.objects.filter(provider=provider, status__in=USED_STATUSES)
        .filter(
            Q(pupil__home_school__organisation_id=school_org_id) | Q(requesting_school__organisation_id=school_org_id)
        )
        .exists()
    )


__all__ = ["USED_STATUSES", "provider_registration_inputs", "providers_registration_inputs", "school_has_used_provider"]
