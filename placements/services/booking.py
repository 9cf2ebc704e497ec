"""Requests, direct placements, booking against capacity, the waiting list, starting and ending.

Every status change goes through `_move`, which refuses transitions not in ALLOWED_TRANSITIONS.
Booking locks the site's capacity row for the key stage (select_for_update inside the
transaction), so two bookings arriving together can never both take the last place. It locks that
row and the placement's own row only (`of=("self",)`: never the provider or pupil it joins to), so
bookings at different sites of one provider do not wait for each other."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.education import is_compulsory_school_age, key_stage_on
from apcommission.core.models import KeyStage, Role
from apcommission.core.scoping import scope_for
from providers.models import Provider, Site, SiteCapacity

from .. import selectors
from ..costs import committed_cost, weekly_cost
from ..models import (
    OPEN_STATUSES,
    TAKES_A_PLACE_STATUSES,
    Commissioner,
    Funder,
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
from ..route_choices import COMMISSIONER, LUMP_SUM, REGISTRATION, TOP_UP, OpenChoices, open_choices
from ..selectors.calendars import school_days_between
from .deadlines import deadlines_refresh
from .figures import figures_changed
from .review_schedule import review_schedule_refresh

S = PlacementStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.APPROVED, S.DECLINED, S.MORE_INFORMATION, S.WITHDRAWN}),
    S.MORE_INFORMATION: frozenset({S.REQUESTED, S.APPROVED, S.DECLINED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.BOOKED, S.WAITING_LIST, S.DECLINED, S.WITHDRAWN}),
    S.WAITING_LIST: frozenset({S.BOOKED, S.WITHDRAWN}),
    S.BOOKED: frozenset({S.ACTIVE, S.WITHDRAWN, S.BROKEN_DOWN}),
    S.ACTIVE: frozenset({S.ENDED, S.BROKEN_DOWN}),
    S.ENDED: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.BROKEN_DOWN: frozenset(),
}
LA_ACTING_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER)


@dataclass
class PlacementDetails:
    """What a request (or an officer's direct placement) says. The *_choice fields answer the
    route's "LA or school" and "dual or single" cells."""

    pupil: Pupil
    route: Route
    provider: Provider
    site: Site
    start_date: dt.date
    end_date: dt.date
    sessions_per_week: int
    attendance_pattern: str
    needs: list[str] = field(default_factory=list)
    objectives: str = ""
    reintegration_plan: str = ""
    commissioner_choice: str = ""
    lump_sum_funder_choice: str = ""
    top_up_funder_choice: str = ""
    registration_choice: str = ""
    main_setting_choice: str = ""
    submission_token: uuid.UUID | None = None


def _la_acts_for(user, la_id: int) -> bool:
    scope = scope_for(user)
    return any(la_id in scope.orgs_with_role(role) for role in LA_ACTING_ROLES)


def _school_acts_for(user, pupil: Pupil) -> bool:
    return pupil.home_school is not None and pupil.home_school.organisation_id in scope_for(user).orgs_with_role(
        Role.SCHOOL_USER
    )


def can_request_placement(user, pupil: Pupil) -> bool:
    """A school's users request placements for pupils on its roll (placement_request's rule)."""
    return _school_acts_for(user, pupil)


def can_place_directly(user, pupil: Pupil) -> bool:
    """The pupil's LA officers and managers place directly (placement_create_by_officer's rule)."""
    return _la_acts_for(user, pupil.home_la_id)


def _provider_acts_for(user, placement: Placement) -> bool:
    return placement.provider.organisation_id in scope_for(user).orgs_with_role(Role.PROVIDER_USER)


def _settle(cell: str, rule: str, answer: str, choices: OpenChoices, field_name: str, label: str, errors: dict) -> str:
    """One "LA or school" cell: the route's rule, the requester's answer, or left open for the panel."""
    if cell in choices.left_to_panel:
        return rule
    if cell not in choices.asked:
        return rule
    if answer not in (Commissioner.LA, Commissioner.SCHOOL):
        errors[field_name] = f"Select who {label} – this route lets the LA or the school do it"
    return answer


def _registration(route: Route, details: PlacementDetails, choices: OpenChoices, errors: dict) -> tuple[str, str]:
    """Registration and main setting from the route's rule (School Attendance Regulations 2024),
    or empty while the panel has still to decide them."""
    rule = route.registration_rule
    if rule == RegistrationRule.SINGLE_AT_AP:
        return Registration.SINGLE, MainSetting.NONE
    if rule in (RegistrationRule.DUAL_SCHOOL_MAIN, RegistrationRule.DUAL_THEN_SINGLE):
        return Registration.DUAL, MainSetting.HOME_SCHOOL
    if REGISTRATION in choices.left_to_panel:
        return "", ""
    return _registration_answer(details.registration_choice, details.main_setting_choice, errors)


def _registration_answer(registration: str, main_setting: str, errors: dict) -> tuple[str, str]:
    if registration == Registration.SINGLE:
        return Registration.SINGLE, MainSetting.NONE
    if registration == Registration.DUAL:
        if main_setting not in (MainSetting.HOME_SCHOOL, MainSetting.AP):
            errors["main_setting_choice"] = "Select which setting is the main one for dual registration"
        return Registration.DUAL, main_setting
    errors["registration_choice"] = "Select single or dual registration – this route allows either"
    return "", ""


def placement_check_route(*, pupil: Pupil, route: Route, start_date: dt.date | None = None) -> dict:
    """The route must be one of the pupil's LA's active routes; a Section 19 route needs a pupil of
    compulsory school age on the start date (Education Act 1996 s.19). GOV.UK messages by field."""
    if route.local_authority_id != pupil.home_la_id or not route.is_active:
        return {"route": "Select one of your local authority's routes"}
    if start_date and route.is_section_19 and not is_compulsory_school_age(pupil.date_of_birth, start_date):
        return {
            "route": (
                f"{pupil.full_name} is not of compulsory school age on the start date, so this Section 19 "
                "route does not apply – choose another route"
            )
        }
    return {}


def placement_check_dates(*, start_date: dt.date, end_date: dt.date, sessions_per_week: int | None) -> dict:
    errors = {}
    if start_date and end_date and start_date > end_date:
        errors["end_date"] = "The end date must be the same as or after the start date"
    if not 1 <= (sessions_per_week or 0) <= 10:
        errors["sessions_per_week"] = "Sessions per week must be between 1 and 10"
    return errors


def placement_check_site(*, pupil: Pupil, provider: Provider, site: Site, start_date: dt.date) -> dict:
    """An approved provider's active site with places for the pupil's key stage on the start date."""
    if not provider.is_bookable:
        return {"provider": f"{provider.name} is not approved for bookings – choose an approved provider"}
    if site.provider_id != provider.pk or not site.is_active:
        return {"site": "Select a site of the chosen provider"}
    key_stage = key_stage_on(pupil.date_of_birth, start_date)
    if not SiteCapacity.objects.filter(site=site, key_stage=key_stage).exists():
        return {"site": f"{site.name} has no places for {KeyStage(key_stage).label.lower()}"}
    return {}


def _check_details(details: PlacementDetails) -> dict:
    """The issue's bad-input rules, as GOV.UK error messages by field."""
    errors = placement_check_dates(
        start_date=details.start_date, end_date=details.end_date, sessions_per_week=details.sessions_per_week
    )
    for name, message in placement_check_route(
        pupil=details.pupil, route=details.route, start_date=details.start_date
    ).items():
        errors.setdefault(name, message)
    if "end_date" not in errors:
        site_errors = placement_check_site(
            pupil=details.pupil, provider=details.provider, site=details.site, start_date=details.start_date
        )
        for name, message in site_errors.items():
            errors.setdefault(name, message)
    return errors


def _new_placement(*, user, details: PlacementDetails, requesting_school) -> Placement:
    """The placement a request or direct placement describes. The route's open cells are settled
    by whoever may (placements.route_choices): the officer, the school, or later the panel."""
    errors = _check_details(details)
    route = details.route
    by_school = requesting_school is not None
    choices = open_choices(route, by_school=by_school, commissioner_answer=details.commissioner_choice)
    commissioner = _settle(
        COMMISSIONER,
        route.commissioner,
        details.commissioner_choice,
        choices,
        "commissioner_choice",
        "commissions",
        errors,
    )
    lump_sum = _settle(
        LUMP_SUM,
        route.lump_sum_funder,
        details.lump_sum_funder_choice,
        choices,
        "lump_sum_funder_choice",
        "pays the lump sum",
        errors,
    )
    top_up = _settle(
        TOP_UP,
        route.top_up_funder,
        details.top_up_funder_choice,
        choices,
        "top_up_funder_choice",
        "pays the top-up",
        errors,
    )
    registration, main_setting = _registration(route, details, choices, errors)
    if errors:
        raise ValidationError(errors)
    # A school's request commits the LA (it commissions, pays, or has cells to settle): the panel decides.
    requires_panel = by_school and (
        commissioner == Commissioner.LA or Funder.LA in (lump_sum, top_up) or bool(choices.left_to_panel)
    )
    attendance_code = (
        route.home_school_attendance_code
        if registration == Registration.DUAL or (route.registration_rule != RegistrationRule.DUAL_OR_SINGLE)
        else ""
    )
    return Placement(
        pupil=details.pupil,
        route=route,
        route_snapshot=route.rules_snapshot(),
        commissioner=commissioner,
        lump_sum_funder=lump_sum,
        top_up_funder=top_up,
        registration=registration,
        main_setting=main_setting,
        home_school_attendance_code=attendance_code,
        requires_panel=requires_panel,
        provider=details.provider,
        site=details.site,
        key_stage=key_stage_on(details.pupil.date_of_birth, details.start_date),
        needs=list(details.needs),
        start_date=details.start_date,
        end_date=details.end_date,
        sessions_per_week=details.sessions_per_week,
        attendance_pattern=details.attendance_pattern,
        objectives=details.objectives.strip(),
        reintegration_plan=details.reintegration_plan.strip(),
        status=PlacementStatus.REQUESTED,
        requesting_school=requesting_school,
        requested_by=user,
        submission_token=details.submission_token or uuid.uuid4(),
    )


def overlapping_open_placements(*, pupil: Pupil, start_date: dt.date, end_date: dt.date):
    """The pupil's open requests and placements whose dates overlap start_date to end_date."""
    return Placement.objects.filter(
        pupil=pupil, status__in=OPEN_STATUSES, start_date__lte=end_date, end_date__gte=start_date
    ).order_by("start_date", "pk")


def placement_check_overlap(*, pupil: Pupil, start_date: dt.date, end_date: dt.date) -> dict:
    """One open request or placement at a time for any day: a second is refused next to the dates."""
    clash = overlapping_open_placements(pupil=pupil, start_date=start_date, end_date=end_date).first()
    if clash is None:
        return {}
    kind = "placement" if clash.status in TAKES_A_PLACE_STATUSES else "request"
    return {
        "start_date": (
            f"{pupil.full_name} already has an open {kind} from {clash.start_date:%-d %B %Y} "
            f"to {clash.end_date:%-d %B %Y} that overlaps these dates – choose dates after it ends, "
            f"or withdraw or end that {kind} first"
        )
    }


def _refuse_overlap(placement: Placement) -> None:
    errors = placement_check_overlap(
        pupil=placement.pupil, start_date=placement.start_date, end_date=placement.end_date
    )
    if errors:
        raise ValidationError(errors)


def _save_new(*, user, placement: Placement, note: str) -> Placement:
    """Insert once per submission token: a double-submitted form returns the first placement.
    A request overlapping the pupil's open request or placement is refused."""
    existing = Placement.objects.filter(submission_token=placement.submission_token).first()
    if existing is not None:
        return existing
    placement.full_clean()
    try:
        with transaction.atomic():
            Pupil.objects.select_for_update().filter(pk=placement.pupil_id).first()  # one request at a time
            existing = Placement.objects.filter(submission_token=placement.submission_token).first()
            if existing is not None:
                return existing
            _refuse_overlap(placement)
            placement.save()
            StatusChange.objects.create(placement=placement, to_status=placement.status, by=user, note=note)
            audit_change(user=user, obj=placement)
            figures_changed(placement=placement)
            if not placement.requires_panel:
                _move(placement, PlacementStatus.APPROVED, user=user, note="No panel needed: the school commissions")
    except IntegrityError:
        existing = Placement.objects.filter(submission_token=placement.submission_token).first()
        if existing is None:
            raise
        return existing
    return placement


def _move(placement: Placement, to_status: str, *, user, note: str = "", **fields) -> Placement:
    """The one way a placement's status changes (caller holds the transaction)."""
    if to_status not in ALLOWED_TRANSITIONS[placement.status]:
        raise ValidationError(
            f"A placement that is {placement.get_status_display().lower()} cannot become "
            f"{PlacementStatus(to_status).label.lower()}"
        )
    before = snapshot(placement)
    from_status = placement.status
    placement.status = to_status
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.full_clean()
    placement.save()
    StatusChange.objects.create(placement=placement, from_status=from_status, to_status=to_status, by=user, note=note)
    audit_change(user=user, obj=placement, before=before)
    if to_status == PlacementStatus.ACTIVE:
        review_schedule_refresh(placements=Placement.objects.filter(pk=placement.pk))
    figures_changed(placement=placement)
    # Provision booked, started or ended can meet (or miss) the pupil's statutory deadlines.
    deadlines_refresh(pupil_ids=[placement.pupil_id])
    return placement


def placement_request(*, user, details: PlacementDetails) -> Placement:
    """A school asks for a placement for a pupil on its roll. LA-commissioned requests go to the
    panel; school-commissioned ones are approved by the request itself (DfE 2025: schools tell the LA)."""
    if not _school_acts_for(user, details.pupil):
        raise ValidationError({"pupil": "You can only request placements for pupils on your school's roll"})
    placement = _new_placement(user=user, details=details, requesting_school=details.pupil.home_school)
    return _save_new(user=user, placement=placement, note="Requested by the school")


def placement_create_by_officer(*, user, details: PlacementDetails) -> Placement:
    """An LA officer arranges a placement directly (e.g. from day 6 of a permanent exclusion)."""
    if not _la_acts_for(user, details.pupil.home_la_id):
        raise ValidationError({"pupil": "Only an officer of the pupil's local authority can place them directly"})
    placement = _new_placement(user=user, details=details, requesting_school=None)
    return _save_new(user=user, placement=placement, note="Arranged by the local authority")


def _fits(placement: Placement, capacity: SiteCapacity) -> bool:
    peak = selectors.peak_places_taken(
        site=placement.site_id,
        key_stage=placement.key_stage,
        start=placement.start_date,
        end=placement.end_date,
        exclude_id=placement.pk,
    )
    return peak < capacity.places


def _rate_fields(placement: Placement) -> dict:
    """The rate from the provider's price list at the start date, and the costs it implies."""
    price = selectors.price_for(provider=placement.provider_id, site=placement.site_id, on=placement.start_date)
    if price is None:
        return {"price": None, "rate_unit": "", "rate_amount": None, "weekly_cost": None, "committed_cost": None}
    weekly = weekly_cost(unit=price.unit, amount=price.amount, sessions_per_week=placement.sessions_per_week)
    days = school_days_between(
        school=placement.pupil.home_school,
        local_authority=placement.pupil.home_la,
        start=placement.start_date,
        end=placement.end_date,
    )
    return {
        "price": price,
        "rate_unit": price.unit,
        "rate_amount": price.amount,
        "weekly_cost": weekly,
        "committed_cost": committed_cost(weekly=weekly, school_days=days),
    }


def _lock_capacity(placement: Placement) -> SiteCapacity:
    capacity = (
        SiteCapacity.objects.select_for_update()
        .filter(site_id=placement.site_id, key_stage=placement.key_stage)
        .first()
    )
    if capacity is None:
        raise ValidationError(f"This site has no places for {KeyStage(placement.key_stage).label.lower()}")
    return capacity


def placement_book(*, user, placement: Placement, now: dt.datetime | None = None) -> Placement:
    """The provider accepts: take a place at the site for the key stage from start to end date, or
    join the waiting list when any day is full. Never overbooks, also under concurrency: the
    capacity row is locked for the count (issue 4, item 5)."""
    now = now or timezone.now()
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update(of=("self",)).select_related("provider", "pupil").get(pk=placement.pk)
        )
        if not _provider_acts_for(user, placement):
            raise ValidationError("Only the provider can accept this placement")
        if placement.status not in (PlacementStatus.APPROVED, PlacementStatus.WAITING_LIST):
            raise ValidationError(f"A placement that is {placement.get_status_display().lower()} cannot be booked")
        if not placement.provider.is_bookable:
            raise ValidationError(f"{placement.provider.name} is not approved for bookings")
        capacity = _lock_capacity(placement)
        if not _fits(placement, capacity):
            if placement.status == PlacementStatus.WAITING_LIST:
                return placement
            return _move(placement, PlacementStatus.WAITING_LIST, user=user, note="The site is full", waiting_since=now)
        return _move(
            placement,
            PlacementStatus.BOOKED,
            user=user,
            note="Accepted by the provider",
            booked_at=now,
            **_rate_fields(placement),
        )


def waiting_list_offer_freed_places(*, user, site_id: int, key_stage: str, now: dt.datetime | None = None) -> list:
    """When a place frees, offer it to the waiting list in order: each waiting placement that now
    fits is booked (its provider accepted it before it joined the list). Call inside a transaction."""
    now = now or timezone.now()
    capacity = SiteCapacity.objects.select_for_update().filter(site_id=site_id, key_stage=key_stage).first()
    if capacity is None:
        return []
    offered = []
    for waiting in selectors.waiting_list(site=site_id, key_stage=key_stage).select_for_update():
        if _fits(waiting, capacity):
            _move(
                waiting,
                PlacementStatus.BOOKED,
                user=user,
                note="Offered a freed place from the waiting list",
                booked_at=now,
                offered_at=now,
                **_rate_fields(waiting),
            )
            offered.append(waiting)
    return offered


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update(of=("self",)).select_related("pupil", "provider").get(pk=placement.pk)


def placement_start(*, user, placement: Placement, today: dt.date | None = None) -> Placement:
    """The pupil has started. A school-commissioned short-term placement needs its reintegration
    plan first (DfE 2025 Arranging alternative provision: a plan with a reintegration timeline)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        placement = _locked(placement)
        if not (_provider_acts_for(user, placement) or _la_acts_for(user, placement.pupil.home_la_id)):
            raise ValidationError("Only the provider or an LA officer can record the start")
        if placement.start_date > today:
            raise ValidationError(f"The placement cannot start before its start date, {placement.start_date:%-d %B %Y}")
        if placement.route_snapshot.get("requires_reintegration_plan") and not placement.reintegration_plan:
            raise ValidationError("Add the reintegration plan before the placement starts")
        return _move(placement, PlacementStatus.ACTIVE, user=user, note="Started")


def _free_place(placement: Placement, *, user) -> None:
    waiting_list_offer_freed_places(user=user, site_id=placement.site_id, key_stage=placement.key_stage)


def placement_end(
    *, user, placement: Placement, outcome: str, ended_on: dt.date, detail: str = "", broken_down: bool = False
) -> Placement:
    """End a placement and record the outcome (issue 4: reintegrated, new school, special school,
    post-16 destination, moved away, other). The place frees from the day after it ends."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Select the outcome of the placement"})
    with transaction.atomic():
        placement = _locked(placement)
        if not (
            _la_acts_for(user, placement.pupil.home_la_id)
            or _school_acts_for(user, placement.pupil)
            or _provider_acts_for(user, placement)
        ):
            raise ValidationError("You cannot end this placement")
        if ended_on < placement.start_date:
            raise ValidationError({"ended_on": "The end date must be the same as or after the placement's start date"})
        status = PlacementStatus.BROKEN_DOWN if broken_down else PlacementStatus.ENDED
        held_a_place = placement.takes_a_place
        placement = _move(
            placement,
            status,
            user=user,
            note=detail,
            outcome=outcome,
            outcome_detail=detail.strip(),
            ended_on=ended_on,
            end_date=min(placement.end_date, ended_on),
        )
        if held_a_place:
            _free_place(placement, user=user)
    return placement


def placement_withdraw(*, user, placement: Placement, reason: str) -> Placement:
    """The requester (or the LA) withdraws a placement before it starts; a booked place frees."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the placement is withdrawn"})
    with transaction.atomic():
        placement = _locked(placement)
        if not (_la_acts_for(user, placement.pupil.home_la_id) or _school_acts_for(user, placement.pupil)):
            raise ValidationError("Only the requesting school or an LA officer can withdraw this placement")
        held_a_place = placement.takes_a_place
        placement = _move(placement, PlacementStatus.WITHDRAWN, user=user, note=reason.strip())
        if held_a_place:
            _free_place(placement, user=user)
    return placement


def placement_extend(*, user, placement: Placement, end_date: dt.date, today: dt.date | None = None) -> Placement:
    """A review extends an active placement to a new end date: the place at the site is held for
    the longer period only when it fits (never overbooked; the capacity row is locked), and the
    committed cost is worked out again from the price list."""
    today = today or timezone.localdate()
    with transaction.atomic():
        placement = _locked(placement)
        if not (
            _la_acts_for(user, placement.pupil.home_la_id)
            or _school_acts_for(user, placement.pupil)
            or _provider_acts_for(user, placement)
        ):
            raise ValidationError("You cannot extend this placement")
        if placement.status != PlacementStatus.ACTIVE:
            raise ValidationError("Only an active placement can be extended")
        if end_date <= placement.end_date:
            raise ValidationError(
                {"new_end_date": f"The new end date must be after the current one, {placement.end_date:%-d %B %Y}"}
            )
        before = snapshot(placement)
        placement.end_date = end_date
        capacity = _lock_capacity(placement)
        if not _fits(placement, capacity):
            raise ValidationError({"new_end_date": "The site has no place free for the longer period"})
        if placement.price_id:
            for name, value in _rate_fields(placement).items():
                setattr(placement, name, value)
        placement.full_clean()
        placement.save()
        StatusChange.objects.create(
            placement=placement,
            from_status=placement.status,
            to_status=placement.status,
            by=user,
            note=f"Extended to {end_date:%-d %B %Y} at a review",
        )
        audit_change(user=user, obj=placement, before=before)
        review_schedule_refresh(placements=Placement.objects.filter(pk=placement.pk))
        figures_changed(placement=placement)
        deadlines_refresh(pupil_ids=[placement.pupil_id], today=today)
    return placement
