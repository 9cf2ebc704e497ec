"""Demo data for Marchshire: ~300 fictional pupils and their placements across every route and
status, at the providers that providers.demo created. Idempotent: pupils are found by UPN and
placements by a submission token derived from the pupil, so a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.utils import timezone

from apcommission.core.education import academic_year_start, key_stage_on
from providers.models import Provider, SiteCapacity

from ..models import (
    TAKES_A_PLACE_STATUSES,
    Commissioner,
    MainSetting,
    Outcome,
    Placement,
    PlacementStatus,
    Pupil,
    Registration,
    RegistrationRule,
    Route,
    StatusChange,
)
from ..selectors import peak_places_taken
from ..services import routes_ensure_for_la
from ..services.booking import _rate_fields
from ..upn import check_letter

PUPILS = 300
#: First names by recorded sex, so that a pupil's name fits the sex on their record.
GIRLS_NAMES = [
    "Amelia", "Isla", "Ava", "Mia", "Ivy", "Freya", "Lily", "Ella", "Grace", "Sophie", "Evie", "Poppy",
    "Rosie", "Willow", "Daisy", "Ruby", "Erin", "Maisie",
]  # fmt: skip
BOYS_NAMES = [
    "Oliver", "George", "Noah", "Arthur", "Leo", "Oscar", "Harry", "Jack", "Charlie", "Theo", "Alfie",
    "Jacob", "Freddie", "Archie", "Henry", "Finley", "Reggie", "Tommy",
]  # fmt: skip
FIRST_NAMES = {"F": GIRLS_NAMES, "M": BOYS_NAMES}
#: National curriculum years a school of each phase teaches (the pupil's year fits their school).
#: Pupils past compulsory school age are not placed in AP by the demo, so 16-plus schools are no
#: pupil's home school.
YEARS_BY_PHASE = {
    "primary": [1, 3, 5, 6, 6],
    "middle": [5, 6, 7, 8, 8],
    "secondary": [7, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11],
    "all_through": [3, 6, 7, 8, 9, 9, 10, 10, 11, 11],
}
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Walker",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Martin",
    "Jackson",
    "Clarke",
    "Clark",
    "Turner",
    "Hill",
    "Scott",
    "Cooper",
    "Morris",
    "Ward",
    "Moore",
    "King",
    "Watson",
    "Baker",
    "Harrison",
    "Morgan",
    "Young",
    "Allen",
    "Mitchell",
    "Khan",
    "Begum",
    "Kowalski",
    "Okafor",
    "Murphy",
]
#: (status, weight): most placements are active or ended, some wait at each earlier step.
STATUS_WEIGHTS = (
    (PlacementStatus.REQUESTED, 14),
    (PlacementStatus.MORE_INFORMATION, 5),
    (PlacementStatus.APPROVED, 16),
    (PlacementStatus.BOOKED, 25),
    (PlacementStatus.ACTIVE, 120),
    (PlacementStatus.ENDED, 60),
    (PlacementStatus.DECLINED, 12),
    (PlacementStatus.WITHDRAWN, 12),
    (PlacementStatus.BROKEN_DOWN, 10),
)
PATH = {
    PlacementStatus.REQUESTED: [],
    PlacementStatus.MORE_INFORMATION: [PlacementStatus.MORE_INFORMATION],
    PlacementStatus.APPROVED: [PlacementStatus.APPROVED],
    PlacementStatus.BOOKED: [PlacementStatus.APPROVED, PlacementStatus.BOOKED],
    PlacementStatus.ACTIVE: [PlacementStatus.APPROVED, PlacementStatus.BOOKED, PlacementStatus.ACTIVE],
    PlacementStatus.ENDED: [
        PlacementStatus.APPROVED,
        PlacementStatus.BOOKED,
        PlacementStatus.ACTIVE,
        PlacementStatus.ENDED,
    ],
    PlacementStatus.DECLINED: [PlacementStatus.DECLINED],
    PlacementStatus.WITHDRAWN: [PlacementStatus.APPROVED, PlacementStatus.WITHDRAWN],
    PlacementStatus.BROKEN_DOWN: [PlacementStatus.APPROVED, PlacementStatus.BOOKED, PlacementStatus.BROKEN_DOWN],
}


def _upn(la_code: str, n: int) -> str:
    rest = f"{la_code}{9000 + n // 1000:04d}{n % 100:02d}{n % 1000:03d}"
    return check_letter(rest) + rest


def _dates(status: str, today: dt.date, rng: random.Random) -> tuple[dt.date, dt.date]:
    if status == PlacementStatus.ACTIVE:
        start = today - dt.timedelta(days=rng.randint(5, 150))
        return start, today + dt.timedelta(days=rng.randint(10, 120))
    if status in (PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN):
        start = today - dt.timedelta(days=rng.randint(150, 300))
        return start, start + dt.timedelta(days=rng.randint(30, 120))
    start = today + dt.timedelta(days=rng.randint(3, 40))
    return start, start + dt.timedelta(days=rng.randint(30, 120))


def _resolve(route: Route) -> dict:
    """A demo answer to the route's open choices: the LA commissions, the school pays, dual registered."""
    open_choice = Commissioner.LA_OR_SCHOOL
    registration, main = Registration.DUAL, MainSetting.HOME_SCHOOL
    if route.registration_rule == RegistrationRule.SINGLE_AT_AP:
        registration, main = Registration.SINGLE, MainSetting.NONE
    return {
        "commissioner": Commissioner.LA if route.commissioner == open_choice else route.commissioner,
        "lump_sum_funder": "school" if route.lump_sum_funder == open_choice else route.lump_sum_funder,
        "top_up_funder": "school" if route.top_up_funder == open_choice else route.top_up_funder,
        "registration": registration,
        "main_setting": main,
        "home_school_attendance_code": route.home_school_attendance_code if registration == "dual" else "",
    }


def seed(*, la, schools, stdout) -> None:
    """Create the demo pupils and placements for `la` (idempotent)."""
    providers = Provider.objects.filter(organisation__local_authority=la).bookable()
    capacities = list(
        SiteCapacity.objects.filter(site__provider__in=providers, site__is_active=True).select_related("site__provider")
    )
    if not capacities:
        stdout.write("placements: no approved providers with places yet (run providers.demo first); no pupils added")
        return
    routes_ensure_for_la(local_authority=la)
    routes = list(Route.objects.filter(local_authority=la, is_active=True))
    rng = random.Random(f"placements-demo-{la.pk}")  # noqa: S311 - fictional data, not security
    today = timezone.localdate()
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    created_pupils = created_placements = 0
    home_schools = [school for school in schools or [] if school.phase in YEARS_BY_PHASE]
    for n in range(PUPILS):
        upn = _upn(la.la_code or "999", n)
        status = rng.choices(statuses, weights)[0]
        start, end = _dates(status, today, rng)
        school = home_schools[n % len(home_schools)] if home_schools else None
        nc_year = rng.choice(YEARS_BY_PHASE.get(school.phase if school else "", YEARS_BY_PHASE["all_through"]))
        born_from = dt.date(academic_year_start(start) - 5 - nc_year, 9, 1)
        dob = born_from + dt.timedelta(days=rng.randint(0, 364))
        sex = rng.choice("FM")
        pupil, made = Pupil.objects.get_or_create(
            upn=upn,
            defaults={
                "legal_first_name": rng.choice(FIRST_NAMES[sex]),
                "legal_last_name": rng.choice(LAST_NAMES),
                "date_of_birth": dob,
                "sex": sex,
                "sen_status": rng.choices(["none", "sen_support", "ehcp"], [5, 3, 2])[0],
                "looked_after": rng.random() < 0.08,
                "pupil_premium": rng.random() < 0.4,
                "home_school": school,
                "home_la": la,
            },
        )
        created_pupils += made
        token = uuid.uuid5(uuid.NAMESPACE_URL, f"apcommission-demo/{upn}")
        if Placement.objects.filter(submission_token=token).exists():
            continue
        key_stage = key_stage_on(pupil.date_of_birth, start)
        fitting = [c for c in capacities if c.key_stage == key_stage]
        if not fitting:
            continue
        capacity = rng.choice(fitting)
        route = routes[n % len(routes)]
        _make_placement(pupil, route, capacity, status, start, end, token, rng)
        created_placements += 1
    stdout.write(f"placements: {created_pupils} pupils and {created_placements} placements added")


def _make_placement(pupil, route, capacity, status, start, end, token, rng) -> Placement:
    if status in TAKES_A_PLACE_STATUSES:
        peak = peak_places_taken(site=capacity.site_id, key_stage=capacity.key_stage, start=start, end=end)
        if peak >= capacity.places:
            status = PlacementStatus.WAITING_LIST  # never overbook, demo or not
    placement = Placement(
        pupil=pupil,
        route=route,
        route_snapshot=route.rules_snapshot(),
        requires_panel=route.commissioner == Commissioner.LA,
        provider=capacity.site.provider,
        site=capacity.site,
        key_stage=capacity.key_stage,
        needs=rng.sample(["semh", "ebsa", "vocational", "tuition", "medical"], k=rng.randint(1, 2)),
        start_date=start,
        end_date=end,
        sessions_per_week=rng.choice([4, 6, 8, 10, 10]),
        attendance_pattern="full_time",
        objectives="Attend regularly, rebuild trust with adults and work towards a return to school.",
        reintegration_plan="Phased return to the home school over four weeks, reviewed half-termly.",
        status=status,
        requesting_school=pupil.home_school if route.commissioner != Commissioner.LA else None,
        submission_token=token,
        **_resolve(route),
    )
    if placement.sessions_per_week < 10:
        placement.attendance_pattern = "part_time"
    now = timezone.now()
    if status in (PlacementStatus.WAITING_LIST,):
        placement.waiting_since = now
    if status in (PlacementStatus.BOOKED, PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN):
        placement.booked_at = now
        for name, value in _rate_fields(placement).items():
            setattr(placement, name, value)
    if status in (PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN):
        placement.outcome = rng.choice(Outcome.values)
        placement.ended_on = end
    placement.full_clean()
    placement.save()
    previous = ""
    steps = [PlacementStatus.REQUESTED, *PATH.get(status, [status])]
    for step, at in zip(steps, _step_times(steps, start, end, now), strict=True):
        StatusChange.objects.create(placement=placement, from_status=previous, to_status=step, note="Demo data", at=at)
        previous = step
    return placement


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _step_times(steps: list[str], start: dt.date, end: dt.date, now: dt.datetime) -> list[dt.datetime]:
    """When each step happened, in true order: requested three weeks before the start, decided and
    booked in the days after, started on the start date, ended on the end date (never later than now)."""
    requested = start - dt.timedelta(days=21)
    times = {
        PlacementStatus.REQUESTED: _at(requested, 10, 15),
        PlacementStatus.MORE_INFORMATION: _at(requested + dt.timedelta(days=4), 14, 30),
        PlacementStatus.APPROVED: _at(requested + dt.timedelta(days=7), 15, 45),
        PlacementStatus.DECLINED: _at(requested + dt.timedelta(days=7), 15, 45),
        PlacementStatus.BOOKED: _at(requested + dt.timedelta(days=9), 11, 0),
        PlacementStatus.WAITING_LIST: _at(requested + dt.timedelta(days=9), 11, 0),
        PlacementStatus.ACTIVE: _at(start, 9, 20),
        PlacementStatus.ENDED: _at(end, 16, 0),
        PlacementStatus.BROKEN_DOWN: _at(end, 16, 0),
        PlacementStatus.WITHDRAWN: _at(requested + dt.timedelta(days=5), 12, 0),
    }
    result, previous = [], None
    for step in steps:
        at = min(times.get(step, now), now)
        if previous is not None and at <= previous:
            at = previous + dt.timedelta(minutes=5)
        result.append(at)
        previous = at
    return result
