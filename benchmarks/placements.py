"""Planning the benchmark county's placements: who, where, when, by which route, and the steps each
took to its status, following the rules of placements.services (booking, panel, transitions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from apcommission.core.education import is_compulsory_school_age, key_stage_on
from apcommission.core.models import Need
from placements.models import (
    Commissioner,
    Funder,
    MainSetting,
    Outcome,
    PanelDecisionKind,
    Placement,
    PlacementStatus,
    Registration,
    RegistrationRule,
    Route,
)
from placements.services.booking import ALLOWED_TRANSITIONS
from providers.models import ApprovalStatus

from .bulk import Ids

if TYPE_CHECKING:  # pragma: no cover
    from .county import CountyBuilder

S = PlacementStatus
NEEDS = tuple(Need.values)
OUTCOMES = tuple(Outcome.values)
BOOKABLE = frozenset({ApprovalStatus.APPROVED, ApprovalStatus.APPROVED_WITH_CONDITIONS})
SITE_KEY_STAGES = frozenset({"ks1", "ks2", "ks3", "ks4", "ks5"})


@dataclass
class PlacementPlan:
    id: int
    pupil_id: int
    route: Route
    provider_id: int
    site_id: int
    key_stage: str
    start: dt.date
    end: dt.date
    status: str = S.REQUESTED
    commissioner: str = ""
    lump_sum_funder: str = ""
    top_up_funder: str = ""
    registration: str = ""
    main_setting: str = ""
    attendance_code: str = ""
    requires_panel: bool = False
    requesting_school_id: int | None = None
    needs: list[str] = field(default_factory=list)
    sessions: int = 6
    pattern: str = "part_time"
    reintegration_plan: str = ""
    more_information: bool = False
    requested_on: dt.date | None = None
    decided_on: dt.date | None = None
    waiting_on: dt.date | None = None
    booked_on: dt.date | None = None
    closed_on: dt.date | None = None
    ended_on: dt.date | None = None
    outcome: str = ""
    last_change_on: dt.date | None = None

    @staticmethod
    def at(day: dt.date, *, hour: int = 10, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def steps(self) -> list[tuple[str, str, dt.date, str]]:
        """(from, to, day, note) for each status change, checked against ALLOWED_TRANSITIONS."""
        first_note = "Requested by the school" if self.requesting_school_id else "Arranged by the local authority"
        steps = [("", S.REQUESTED, self.requested_on, first_note)]
        self._approval_steps(steps)
        self._booking_steps(steps)
        for (_f, before, _d, _n), (after_from, after, _day, _note) in zip(steps, steps[1:], strict=False):
            assert before == after_from and after in ALLOWED_TRANSITIONS[before], (before, after)
        assert steps[-1][1] == self.status, (steps, self.status)
        return steps

    def _approval_steps(self, steps: list) -> None:
        if self.requires_panel and self.more_information:
            steps.append((S.REQUESTED, S.MORE_INFORMATION, self.requested_on, "Panel asked for more information"))
            if self.status == S.MORE_INFORMATION:
                return
            steps.append((S.MORE_INFORMATION, S.REQUESTED, self.decided_on, "More information sent"))
        if self.status == S.REQUESTED:
            return
        if self.status == S.DECLINED and self.requires_panel:
            steps.append((S.REQUESTED, S.DECLINED, self.decided_on, "Declined by the panel"))
            return
        note = "Approved by the panel" if self.requires_panel else "No panel needed: the school commissions"
        steps.append((S.REQUESTED, S.APPROVED, self.decided_on, note))

    def _booking_steps(self, steps: list) -> None:
        status = self.status
        if status in (S.REQUESTED, S.MORE_INFORMATION, S.APPROVED) or steps[-1][1] == S.DECLINED:
            return
        if status == S.DECLINED:
            steps.append((S.APPROVED, S.DECLINED, self.closed_on, "The provider cannot meet the needs"))
            return
        current = S.APPROVED
        if self.waiting_on:
            steps.append((S.APPROVED, S.WAITING_LIST, self.waiting_on, "The site is full"))
            current = S.WAITING_LIST
        if status == S.WITHDRAWN or status == S.WAITING_LIST:
            if status == S.WITHDRAWN:
                steps.append((current, S.WITHDRAWN, self.closed_on, "No longer needed"))
            return
        steps.append((current, S.BOOKED, self.booked_on, "Accepted by the provider"))
        if status == S.BOOKED:
            return
        steps.append((S.BOOKED, S.ACTIVE, self.start, "Started"))
        if status in (S.ENDED, S.BROKEN_DOWN):
            steps.append((S.ACTIVE, status, self.ended_on, ""))

    def panel_decisions(self) -> list[tuple[str, dt.date]]:
        if not self.requires_panel:
            return []
        decisions = [(PanelDecisionKind.MORE_INFORMATION, self.requested_on)] if self.more_information else []
        if self.status in (S.REQUESTED, S.MORE_INFORMATION):
            return decisions
        kind = PanelDecisionKind.DECLINE if self.status == S.DECLINED else PanelDecisionKind.APPROVE
        return [*decisions, (kind, self.decided_on)]


class Planner:
    """Draws placements one at a time with the builder's random generator."""

    def __init__(self, builder: CountyBuilder):
        self.b = builder
        self.rng = builder.random
        self.today = builder.today
        self.window = (builder.today - builder.first_day).days + 60
        usable = [p for p in builder.providers if p[1] != ApprovalStatus.UNDER_REVIEW]
        self.any_provider = usable
        self.bookable = [
            p for p in usable if p[1] in (ApprovalStatus.APPROVED, ApprovalStatus.APPROVED_WITH_CONDITIONS)
        ]
        self.school_org = {school_id: org_id for school_id, org_id, _phase in builder.schools}
        self.school_of_org = {org_id: school_id for school_id, org_id, _phase in builder.schools}

    def draw(self, placement_id: int) -> PlacementPlan:
        while True:
            pupil_id, born, home_school, _sen, _looked_after = self.b.pupils[self.rng.randrange(len(self.b.pupils))]
            start = self.b.first_day + dt.timedelta(days=self.rng.randrange(self.window))
            key_stage = key_stage_on(born, start)
            if key_stage in SITE_KEY_STAGES:
                break
        end = start + dt.timedelta(days=self.rng.randint(20, 170))
        provider = self._provider(start)
        plan = PlacementPlan(
            id=placement_id,
            pupil_id=pupil_id,
            route=self._route(born, start),
            provider_id=provider[0],
            site_id=provider[2][self.rng.randrange(len(provider[2]))],
            key_stage=key_stage,
            start=start,
            end=end,
        )
        self._resolve_route(plan, home_school)
        self._details(plan)
        self._status(plan)
        self._dates(plan)
        return plan

    def _provider(self, start: dt.date):
        if self.rng.random() < self.b.size.big_provider_share:
            return self.b.providers[0]
        choices = self.bookable if start > self.today else self.any_provider
        return choices[self.rng.randrange(len(choices))]

    def _route(self, born: dt.date, start: dt.date) -> Route:
        routes = self.b.routes
        route = routes[self.rng.randrange(len(routes))]
        if route.is_section_19 and not is_compulsory_school_age(born, start):
            return next(r for r in routes if not r.is_section_19)
        return route

    def _choose(self, rule: str) -> str:
        if rule in (Commissioner.LA_OR_SCHOOL, Funder.LA_OR_SCHOOL):
            return "la" if self.rng.random() < 0.5 else "school"
        return rule

    def _resolve_route(self, plan: PlacementPlan, home_school: int | None) -> None:
        """As booking resolves the route's rules (placements.services.booking._new_placement)."""
        route = plan.route
        plan.commissioner = self._choose(route.commissioner)
        plan.lump_sum_funder = self._choose(route.lump_sum_funder)
        plan.top_up_funder = self._choose(route.top_up_funder)
        rule = route.registration_rule
        if rule == RegistrationRule.SINGLE_AT_AP:
            plan.registration, plan.main_setting = Registration.SINGLE, MainSetting.NONE
        elif rule in (RegistrationRule.DUAL_SCHOOL_MAIN, RegistrationRule.DUAL_THEN_SINGLE):
            plan.registration, plan.main_setting = Registration.DUAL, MainSetting.HOME_SCHOOL
        else:
            plan.registration, plan.main_setting = (
                (Registration.SINGLE, MainSetting.NONE)
                if self.rng.random() < 0.3
                else (Registration.DUAL, MainSetting.HOME_SCHOOL)
            )
        dual = plan.registration == Registration.DUAL or rule != RegistrationRule.DUAL_OR_SINGLE
        plan.attendance_code = route.home_school_attendance_code if dual else ""
        plan.requesting_school_id = home_school if home_school and self.rng.random() < 0.7 else None
        plan.requires_panel = plan.requesting_school_id is not None and plan.commissioner == Commissioner.LA

    def _details(self, plan: PlacementPlan) -> None:
        plan.sessions = self.rng.randint(4, 10)
        plan.pattern = "full_time" if plan.sessions >= 8 else "part_time"
        plan.needs = sorted({NEEDS[self.rng.randrange(len(NEEDS))] for _ in range(self.rng.randint(1, 2))})
        if plan.route.requires_reintegration_plan:
            plan.reintegration_plan = "Back to the home school for two days a week after the first half term."

    def _status(self, plan: PlacementPlan) -> None:
        roll, today = self.rng.random(), self.today
        if plan.end < today:
            plan.status = _pick(roll, ((0.80, S.ENDED), (0.87, S.BROKEN_DOWN), (0.93, S.WITHDRAWN), (1, S.DECLINED)))
        elif plan.start <= today:
            plan.status = _pick(roll, ((0.90, S.ACTIVE), (0.94, S.BOOKED), (0.97, S.ENDED), (1, S.WITHDRAWN)))
            if plan.status == S.ENDED and plan.start == today:
                plan.status = S.ACTIVE
        else:
            plan.status = _pick(
                roll,
                ((0.3, S.REQUESTED), (0.4, S.MORE_INFORMATION), (0.6, S.APPROVED), (0.7, S.WAITING_LIST),
                 (0.95, S.BOOKED), (1, S.WITHDRAWN)),
            )  # fmt: skip
        if plan.status in (S.REQUESTED, S.MORE_INFORMATION) and not plan.requires_panel:
            plan.status = S.APPROVED  # requests that need no panel are approved as they are made
        plan.more_information = plan.requires_panel and (plan.status == S.MORE_INFORMATION or roll * 7 % 1 < 0.1)

    def _dates(self, plan: PlacementPlan) -> None:
        """Each step a few days after the one before, all before the start date and today."""
        today, rng, status = self.today, self.rng, plan.status
        plan.requested_on = min(plan.start - dt.timedelta(days=rng.randint(14, 40)), today - dt.timedelta(days=12))
        plan.decided_on = plan.requested_on + dt.timedelta(days=rng.randint(1, 6))
        step = plan.decided_on + dt.timedelta(days=rng.randint(1, 4))
        if status == S.WAITING_LIST or (status in (S.BOOKED, S.ACTIVE) and rng.random() < 0.05):
            plan.waiting_on, step = step, step + dt.timedelta(days=1)
        if status in BOOKED_AND_AFTER:
            plan.booked_on = step
        if status in (S.WITHDRAWN, S.DECLINED):
            plan.closed_on = step
        if status in (S.ENDED, S.BROKEN_DOWN):
            last = min(plan.end, today - dt.timedelta(days=1))
            early = status == S.BROKEN_DOWN or plan.end >= today
            plan.ended_on = plan.start + dt.timedelta(days=rng.randint(0, (last - plan.start).days)) if early else last
            plan.end = plan.ended_on
            plan.outcome = OUTCOMES[rng.randrange(len(OUTCOMES))]
        plan.last_change_on = {
            S.REQUESTED: plan.requested_on,
            S.MORE_INFORMATION: plan.requested_on,
            S.APPROVED: plan.decided_on,
            S.WAITING_LIST: plan.waiting_on,
            S.BOOKED: plan.booked_on,
            S.ACTIVE: plan.start,
            S.ENDED: plan.ended_on,
            S.BROKEN_DOWN: plan.ended_on,
        }.get(status, plan.closed_on)


BOOKED_AND_AFTER = frozenset({S.BOOKED, S.ACTIVE, S.ENDED, S.BROKEN_DOWN})


def _pick(roll: float, table) -> str:
    return next(status for limit, status in table if roll < limit)


def plan_placements(builder: CountyBuilder) -> list[PlacementPlan]:
    ids = Ids(Placement)
    planner = Planner(builder)
    return [planner.draw(ids.take()) for _ in range(builder.size.placements)]
