"""The registration warning (Education and Skills Act 2008 s.92): which providers' placements mean
they must register as an independent school."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .. import registration
from ..choices import NON_SCHOOL_TYPES, ApprovalStatus
from ..models import (
    Provider,
)
from ..placement_facts import placement_facts


def attach_registration_flags(providers, *, on: dt.date | None = None) -> list[Provider]:
    """Sets `registration_flag` (today's registration warning) on each provider of a page, with
    one batched count whatever the page's length."""
    providers = list(providers)
    flags = registration_warnings(providers=providers, on=on)
    for provider in providers:
        provider.registration_flag = flags[provider.pk]
    return providers


def _placed_pupils(*, providers: list[Provider], on: dt.date) -> dict[int, list[registration.PupilAtProvider]]:
    return placement_facts.registration_inputs(providers=providers, on=on)


def registration_warnings(*, providers, on: dt.date | None = None) -> dict[int, registration.RegistrationWarning]:
    """Each provider's registration warning on `on` (today), from its booked and active placements
    (Education and Skills Act 2008 s.92; providers.registration). Only non-school types are tested;
    one query for all the providers' pupils whatever their number."""
    on = on or timezone.localdate()
    providers = list(providers)
    non_school = [p for p in providers if p.provider_type in NON_SCHOOL_TYPES]
    pupils = _placed_pupils(providers=non_school, on=on) if non_school else {}
    return {
        provider.pk: registration.registration_warning(
            registration.count_pupils(pupils.get(provider.pk, [])),
            is_school=provider.provider_type not in NON_SCHOOL_TYPES,
        )
        for provider in providers
    }


def registration_warning(*, provider: Provider, on: dt.date | None = None) -> registration.RegistrationWarning:
    """One provider's registration warning on `on` (today), from its placements."""
    return registration_warnings(providers=[provider], on=on)[provider.pk]


def providers_that_must_register(
    *, user, on: dt.date | None = None
) -> list[tuple[Provider, registration.RegistrationWarning]]:
    """Non-school providers the user's LA uses that the registration test flags today (not
    decommissioned ones: they have no pupils to count)."""
    providers = list(
        Provider.objects.visible_to(user)
        .filter(provider_type__in=NON_SCHOOL_TYPES)
        .exclude(status=ApprovalStatus.DECOMMISSIONED)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    flags = registration_warnings(providers=providers, on=on)
    return [(p, flags[p.pk]) for p in providers if flags[p.pk].must_register]
