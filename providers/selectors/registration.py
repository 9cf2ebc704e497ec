"""The registration warning (Education and Skills Act 2008 s.92): which providers' placements mean
they must register as an independent school."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from apcommission.core.scoping import Scope, scope_for

from .. import conf, registration
from ..choices import NON_SCHOOL_TYPES, ApprovalStatus
from ..models import Provider, RegistrationCount
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


def _warning(counts: registration.RegistrationCounts, *, as_of=None) -> registration.RegistrationWarning:
    warning = registration.registration_warning(counts)
    return registration.RegistrationWarning(warning.must_register, warning.reason, warning.counts, as_of)


def registration_warnings(*, providers, on: dt.date | None = None) -> dict[int, registration.RegistrationWarning]:
    """Each provider's registration warning on `on` (today), from its booked and active placements
    (Education and Skills Act 2008 s.92; providers.registration). Only non-school types are tested.
    The counts come from the maintained RegistrationCount rows of that day (docs/adr/0005), and are
    counted here, in one query for all of them, only for providers the refresh has not reached."""
    on = on or timezone.localdate()
    providers = list(providers)
    non_school = [p for p in providers if p.provider_type in NON_SCHOOL_TYPES]
    stored = {
        row.provider_id: row
        for row in RegistrationCount.objects.filter(provider_id__in=[p.pk for p in non_school], on=on)
    } if non_school else {}  # fmt: skip
    missing = [p for p in non_school if p.pk not in stored]
    pupils = _placed_pupils(providers=missing, on=on) if missing else {}
    warnings = {}
    for provider in providers:
        if provider.provider_type not in NON_SCHOOL_TYPES:
            warnings[provider.pk] = registration.registration_warning(registration.count_pupils([]), is_school=True)
        elif provider.pk in stored:
            row = stored[provider.pk]
            counts = registration.RegistrationCounts(row.full_time, row.full_time_with_ehcp_or_looked_after)
            warnings[provider.pk] = _warning(counts, as_of=row.as_of)
        else:
            warnings[provider.pk] = _warning(registration.count_pupils(pupils.get(provider.pk, [])))
    return warnings


def registration_warning(*, provider: Provider, on: dt.date | None = None) -> registration.RegistrationWarning:
    """One provider's registration warning on `on` (today), from its placements."""
    return registration_warnings(providers=[provider], on=on)[provider.pk]


def registration_warning_counted(
    *, provider: Provider, counted: tuple[int, int, dt.datetime] | None, on: dt.date | None = None
) -> registration.RegistrationWarning:
    """registration_warning, from the provider's maintained counts of the day read with other rows
    (`counted`: full time, full time with an EHCP or looked after, as of); a school type is not
    tested, and a provider the refresh has not counted that day is counted here."""
    if provider.provider_type not in NON_SCHOOL_TYPES or counted is None:
        return registration_warning(provider=provider, on=on)
    full_time, vulnerable, as_of = counted
    return _warning(registration.RegistrationCounts(full_time, vulnerable), as_of=as_of)


#: How many providers the officer's home page names; the register lists them all.
MUST_REGISTER_SHOWN = 10


def _stored_warning(provider: Provider) -> registration.RegistrationWarning:
    row = provider.registration_count
    counts = registration.RegistrationCounts(row.full_time, row.full_time_with_ehcp_or_looked_after)
    return _warning(counts, as_of=row.as_of)


def registration_candidates(*, user=None, scope: Scope | None = None) -> QuerySet[Provider]:
    """The providers the registration test applies to: the non-school providers the user's LA
    (or a scope's: an LA's maintained figures) uses, not decommissioned ones (they have no pupils
    to count)."""
    return (
        Provider.objects.visible_in(scope if scope is not None else scope_for(user))
        .filter(provider_type__in=NON_SCHOOL_TYPES)
        .exclude(status=ApprovalStatus.DECOMMISSIONED)
    )


def flagged_by_stored_counts() -> Q:
    """The test applied to a provider's maintained counts (its RegistrationCount of the day)."""
    return Q(registration_count__full_time__gte=conf.registration_pupil_threshold()) | Q(
        registration_count__full_time_with_ehcp_or_looked_after__gte=conf.registration_vulnerable_threshold()
    )


def providers_that_must_register(
    *, user, on: dt.date | None = None, limit: int = MUST_REGISTER_SHOWN
) -> tuple[list[tuple[Provider, registration.RegistrationWarning]], int]:
    """Non-school providers the user's LA uses that the registration test flags today (not
    decommissioned ones: they have no pupils to count), most full-time pupils with an EHCP or
    looked after first: the first `limit` of them, and how many there are. Three queries from the
    maintained counts; providers the refresh has not counted today are counted here."""
    on = on or timezone.localdate()
    candidates = registration_candidates(user=user).select_related("organisation")
    uncounted = list(candidates.exclude(registration_count__on=on).order_by("organisation__name", "pk"))
    flags = registration_warnings(providers=uncounted, on=on) if uncounted else {}
    found = [(p, flags[p.pk]) for p in uncounted if flags[p.pk].must_register]
    flagged = candidates.filter(registration_count__on=on).filter(flagged_by_stored_counts())
    total = len(found) + flagged.count()
    rows = flagged.select_related("registration_count").order_by(
        "-registration_count__full_time_with_ehcp_or_looked_after", "-registration_count__full_time", "pk"
    )[: max(limit - len(found), 0)]
    found += [(p, _stored_warning(p)) for p in rows]
    return found[:limit], total


def must_register_ids(*, user, on: dt.date | None = None) -> list[int]:
    """Every provider the registration test flags today (the register's "must register" filter)."""
    flagged, _total = providers_that_must_register(user=user, on=on, limit=10**6)
    return [provider.pk for provider, _warning in flagged]
