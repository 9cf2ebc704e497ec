"""The registration test: when a non-school provider must register as an independent school.

Education and Skills Act 2008 s.92 (as amended 2019): an institution must register if it provides
full-time education for 5 or more pupils of compulsory school age, or for 1 such pupil who has an
EHC plan or is looked after (domain brief section 6). Running an unregistered school is an offence.

[unsure] "Full-time" is undefined in law; about 18 hours a week is used informally, so the
threshold is a setting (providers.conf.full_time_hours_per_week, PROVIDERS_FULL_TIME_HOURS_PER_WEEK).
This module is a pure function over a simple input; the placements app supplies the pupils
(placements.selectors.registration, through providers.placement_facts) and
providers.selectors.registration_warning(s) joins the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from . import conf


@dataclass(frozen=True)
class PupilAtProvider:
    """One pupil placed with the provider, as the registration test needs to see them."""

    hours_per_week: Decimal
    compulsory_school_age: bool
    has_ehcp: bool = False
    looked_after: bool = False
    #: Agreed as a full-time placement, whatever its hours (placements' attendance pattern).
    full_time_pattern: bool = False

    def is_full_time(self, *, threshold: Decimal | None = None) -> bool:
        return self.full_time_pattern or is_full_time(self.hours_per_week, threshold=threshold)


@dataclass(frozen=True)
class RegistrationCounts:
    """Counts of full-time pupils of compulsory school age placed with one provider."""

    full_time: int
    full_time_with_ehcp_or_looked_after: int


@dataclass(frozen=True)
class RegistrationWarning:
    must_register: bool
    reason: str
    counts: RegistrationCounts | None = None
    #: When the counts were taken (the maintained counts, providers.models.RegistrationCount);
    #: None when they were counted for this page.
    as_of: dt.datetime | None = None


def is_full_time(hours_per_week: Decimal, *, threshold: Decimal | None = None) -> bool:
    """Full-time: at least the configured hours a week ([unsure]: default 18)."""
    limit = conf.full_time_hours_per_week() if threshold is None else Decimal(threshold)
    return Decimal(hours_per_week) >= limit


def count_pupils(pupils: Iterable[PupilAtProvider], *, threshold: Decimal | None = None) -> RegistrationCounts:
    """Count full-time pupils of compulsory school age, and those of them with an EHCP or looked after."""
    full_time = [p for p in pupils if p.compulsory_school_age and p.is_full_time(threshold=threshold)]
    return RegistrationCounts(
        full_time=len(full_time),
        full_time_with_ehcp_or_looked_after=sum(1 for p in full_time if p.has_ehcp or p.looked_after),
    )


def registration_warning(counts: RegistrationCounts, *, is_school: bool = False) -> RegistrationWarning:
    """Flag "must register as an independent school" at 5 full-time pupils, or 1 with an EHCP or
    looked after (Education and Skills Act 2008 s.92). Registered schools never need the warning."""
    if is_school:
        return RegistrationWarning(
            False, "A school, college or LA service: the registration test does not apply.", counts
        )
    vulnerable = conf.registration_vulnerable_threshold()
    if counts.full_time_with_ehcp_or_looked_after >= vulnerable:
        return RegistrationWarning(
            True,
            f"{counts.full_time_with_ehcp_or_looked_after} full-time pupil(s) with an EHCP or looked after "
            f"(the limit is {vulnerable}): the provider must register as an independent school.",
            counts,
        )
    threshold = conf.registration_pupil_threshold()
    if counts.full_time >= threshold:
        return RegistrationWarning(
            True,
            f"{counts.full_time} full-time pupils of compulsory school age (the limit is {threshold}): "
            "the provider must register as an independent school.",
            counts,
        )
    return RegistrationWarning(False, f"{counts.full_time} full-time pupils of compulsory school age.", counts)
