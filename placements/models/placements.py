"""Placements: a pupil's place at an AP provider's site, from request to outcome.

Status: requested → (panel) → approved → booked → active → ended, or declined / withdrawn /
broken down; a full site puts an approved placement on the waiting list. Transitions happen only
in placements.services (ALLOWED_TRANSITIONS there)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.education import academic_year_start, key_stage_on
from apcommission.core.models import KeyStage, School, TimeStampedModel
from providers.models import Price, Provider, Site

from ..querysets import PlacementQuerySet
from ..references import new_reference
from .pupils import Pupil
from .routes import ATTENDANCE_CODE_EXPLANATIONS, AttendanceCode, Commissioner, Funder, Route
from .statuses import TAKES_A_PLACE_STATUSES, PlacementStatus

#: A request not (or never) approved: the only statuses in which the panel's cells may be open.
UNDECIDED_STATUSES = (
    PlacementStatus.REQUESTED,
    PlacementStatus.MORE_INFORMATION,
    PlacementStatus.DECLINED,
    PlacementStatus.WITHDRAWN,
)


class Registration(models.TextChoices):
    SINGLE = "single", "Single registration"
    DUAL = "dual", "Dual registration"


class MainSetting(models.TextChoices):
    HOME_SCHOOL = "home_school", "Home school"
    AP = "ap", "Alternative provision"
    NONE = "", "Not applicable (single registration)"


class AttendancePattern(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"


class Outcome(models.TextChoices):
    REINTEGRATED = "reintegrated", "Reintegrated to home school"
    NEW_MAINSTREAM = "new_mainstream", "New mainstream school"
    SPECIAL_SCHOOL = "special_school", "Special school"
    POST_16_EET = "post16_eet", "Post-16: education, employment or training"
    POST_16_NEET = "post16_neet", "Post-16: not in education, employment or training (NEET)"
    MOVED_AWAY = "moved_away", "Moved out of area"
    OTHER = "other", "Other"


@register_child_record
class Placement(TimeStampedModel):
    """A pupil's placement. The route's rules, the resolved funders and the rate are copied on at
    creation and at booking, so later edits to a route or a price list never rewrite history."""

    # Indexed by placement_pupil_idx, with what the lists of a pupil's or a school's placements read.
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="placements", db_index=False)
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="placements")
    route_snapshot = models.JSONField(default=dict, help_text="The route's rules when the placement was made.")
    # What the route's rules resolve to for this placement ("LA or school" cells chosen at booking).
    commissioner = models.CharField(max_length=16, choices=Commissioner.choices)
    lump_sum_funder = models.CharField("Lump-sum funder", max_length=24, choices=Funder.choices)
    top_up_funder = models.CharField("Top-up funder", max_length=24, choices=Funder.choices)
    # Empty while the panel has still to decide it (placements.route_choices).
    registration = models.CharField(max_length=8, choices=Registration.choices, blank=True)
    main_setting = models.CharField(max_length=12, choices=MainSetting.choices, blank=True)
    home_school_attendance_code = models.CharField(
        "Home-school attendance code", max_length=1, choices=AttendanceCode.choices, blank=True
    )
    requires_panel = models.BooleanField(default=False, help_text="LA-commissioned: decided by the panel.")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="placements")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="placements")
    # The key stage of the place booked (site capacity is per key stage). The pupil's key stage in
    # each academic year the placement runs is derived from their date of birth: key_stage_on.
    key_stage = models.CharField(max_length=6, choices=KeyStage.choices, help_text="On the start date.")
    needs = models.JSONField(default=list, blank=True, help_text="Need codes (core.Need).")
    start_date = models.DateField()
    end_date = models.DateField()
    sessions_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="Half-day sessions, 1 to 10."
    )
    attendance_pattern = models.CharField(max_length=10, choices=AttendancePattern.choices)
    objectives = models.TextField(blank=True)
    reintegration_plan = models.TextField(blank=True)

    status = models.CharField(
        max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.REQUESTED, db_index=True
    )
    reference = models.CharField(
        max_length=12,
        unique=True,
        default=new_reference,
        editable=False,
        help_text="What the school quotes about its request, like AP-7K3M-9QXD (placements.references).",
    )
    requesting_school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="placement_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="One per form: a double submit makes one placement."
    )

    # The rate, copied from the provider's price list at booking.
    price = models.ForeignKey(Price, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements")
    rate_unit = models.CharField(max_length=12, blank=True)
    rate_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    weekly_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    committed_cost = models.DecimalField("Total committed cost", max_digits=12, decimal_places=2, null=True, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)

    waiting_since = models.DateTimeField(null=True, blank=True, help_text="When it joined the waiting list.")
    offered_at = models.DateTimeField(null=True, blank=True, help_text="When a freed place was offered.")

    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_detail = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    review_due_by = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="While active: when the next review is due (kept by placements.services.reviews).",
    )

    history = HistoricalRecords(excluded_fields=["review_due_by"])
    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")), name="placement_dates_in_order"
            ),
            models.CheckConstraint(
                condition=models.Q(sessions_per_week__gte=1, sessions_per_week__lte=10),
                name="placement_sessions_1_to_10",
            ),
            models.CheckConstraint(
                condition=~models.Q(registration="single") | models.Q(main_setting=""),
                name="placement_single_has_no_main_setting",
            ),
            # The cells a route leaves to the panel are settled before a placement is approved.
            models.CheckConstraint(
                condition=models.Q(status__in=UNDECIDED_STATUSES)
                | (
                    ~models.Q(lump_sum_funder="la_or_school")
                    & ~models.Q(top_up_funder="la_or_school")
                    & ~models.Q(commissioner="la_or_school")
                    & ~models.Q(registration="")
                ),
                name="placement_choices_settled_once_approved",
            ),
        ]
        indexes = [
            # Places at a site: taken on a day, at the busiest day of a period, waiting. The
            # placements of the statuses asked for still running on the day, by site, read from the
            # index alone: not every placement the site ever had, which grows with the years (not
            # partial on the statuses: a prepared statement's generic plan could not use it).
            models.Index(
                fields=["site", "status", "end_date"],
                include=["key_stage", "start_date"],
                name="placement_capacity_idx",
            ),
            models.Index(fields=["status", "start_date"], name="placement_status_start_idx"),
            models.Index(fields=["provider", "status"], name="placement_provider_status_idx"),
            models.Index(fields=["end_date"], name="placement_end_idx"),
            # The placement list's order, for a keyset page from anywhere in 200,000 placements.
            models.Index(fields=["-start_date", "-id"], name="placement_list_idx"),
            models.Index(fields=["provider", "-start_date", "-id"], name="placement_provider_list_idx"),
            # Reviews due, most overdue first: only active placements have a due date that matters.
            # With the pupil and provider, so that a school's overdue reviews (the LA's, joined to
            # the school's pupils) read the index alone.
            models.Index(
                fields=["review_due_by", "id"],
                condition=models.Q(status="active"),
                include=["pupil", "provider"],
                name="placement_review_due_idx",
            ),
            # Who is in AP at a provider on a day (today's registers): one probe per provider.
            models.Index(
                fields=["provider", "end_date", "start_date"],
                condition=models.Q(status="active"),
                name="placement_active_provider_idx",
            ),
            # The daily register: placements at the provider whose pupils were in AP (active,
            # ended or broken down) up to the day or later. Bounded by provider and end date, not
            # by every placement of the county still running (the end date alone) or every one
            # the provider ever had (its statuses).
            # With what the register filters by and joins on, so that finding and sorting its
            # hundreds of pupils reads the index alone, not one row of the table each.
            models.Index(
                fields=["provider", "end_date"],
                condition=models.Q(status__in=["active", "ended", "broken_down"]),
                include=["start_date", "ended_on", "pupil", "id"],
                name="placement_register_idx",
            ),
            # Placements ending soon (the dashboard's list of the first ten), in the list's order:
            # read from the first rows on, not all the weeks' placements read and sorted.
            models.Index(
                fields=["end_date", "id"],
                condition=models.Q(status__in=["active", "booked"]),
                name="placement_ending_idx",
            ),
            # With what the daily register's "booked, not on it yet" list filters by and joins on:
            # read from the index alone, not from the rows of every pupil already on the register.
            models.Index(
                fields=["provider", "end_date", "id"],
                condition=models.Q(status__in=["active", "booked"]),
                include=["status", "start_date", "pupil"],
                name="placement_provider_ending_idx",
            ),
            # A pupil's placements, with what a school's lists filter them by (status, dates, review
            # due) and join on: a school's dashboard finds its pupils' placements in AP, ending soon
            # or overdue a review from this index alone, one probe a pupil, not a row read each.
            models.Index(
                fields=["pupil"],
                include=["status", "start_date", "end_date", "review_due_by", "provider", "site", "id"],
                name="placement_pupil_idx",
            ),
            # The panel queue, first come first served; with the pupil, so that its count reads
            # nothing but this index and pupil_home_la_idx.
            models.Index(
                fields=["created_on", "id"],
                include=["pupil"],
                condition=models.Q(requires_panel=True, status__in=["requested", "more_information"]),
                name="placement_panel_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.provider} from {self.start_date:%d/%m/%Y}"

    @property
    def last_day(self) -> dt.date:
        """The last day in AP: the end date, or the day it ended if that was earlier."""
        return min(self.end_date, self.ended_on) if self.ended_on else self.end_date

    def key_stage_on(self, day: dt.date) -> KeyStage:
        """The pupil's key stage on `day`, or on the placement's first or last day when `day` is
        outside it: each academic year the placement runs in has its own (from 1 September)."""
        return key_stage_on(self.pupil.date_of_birth, min(max(day, self.start_date), self.last_day))

    @property
    def key_stage_today(self) -> KeyStage:
        """As `key_stage_on` today; a list's query works it out for every row (with_key_stage_on)."""
        code = getattr(self, "key_stage_then", None)
        return KeyStage(code) if code else self.key_stage_on(timezone.localdate())

    @property
    def key_stages_by_year(self) -> list[tuple[dt.date, dt.date, KeyStage]]:
        """(first day, last day, key stage) for each academic year the placement runs in."""
        spans, first = [], self.start_date
        while first <= self.last_day:
            last = min(dt.date(academic_year_start(first) + 1, 8, 31), self.last_day)
            spans.append((first, last, self.key_stage_on(first)))
            first = last + dt.timedelta(days=1)
        return spans

    @property
    def attendance_code_explanation(self) -> str:
        return ATTENDANCE_CODE_EXPLANATIONS.get(self.home_school_attendance_code, "")

    @property
    def takes_a_place(self) -> bool:
        return self.status in TAKES_A_PLACE_STATUSES

    @property
    def cells_left_to_panel(self) -> list[str]:
        """The placement fields the panel still has to settle when it approves."""
        open_funders = [f for f in ("lump_sum_funder", "top_up_funder") if getattr(self, f) == Funder.LA_OR_SCHOOL]
        return open_funders + (["registration"] if not self.registration else [])

    def funder_summary(self, field: str) -> str:
        """Who pays the lump sum or the top-up, or that the panel has still to decide it."""
        if getattr(self, field) == Funder.LA_OR_SCHOOL:
            return "To be decided by the panel"
        return getattr(self, f"get_{field}_display")()

    @property
    def lump_sum_funder_summary(self) -> str:
        return self.funder_summary("lump_sum_funder")

    @property
    def top_up_funder_summary(self) -> str:
        return self.funder_summary("top_up_funder")

    @property
    def registration_summary(self) -> str:
        if not self.registration:
            return "To be decided by the panel"
        if self.registration == Registration.SINGLE:
            return "Single registration at the alternative provision"
        main = "the home school" if self.main_setting == MainSetting.HOME_SCHOOL else "the alternative provision"
        return f"Dual registration; {main} is the main setting"


class StatusChange(models.Model):
    """One step in a placement's life, kept for the timeline and the audit trail."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PlacementStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PlacementStatus.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or 'New'} → {self.get_to_status_display()}"


class PanelDecisionKind(models.TextChoices):
    APPROVE = "approve", "Approve"
    DECLINE = "decline", "Decline"
    MORE_INFORMATION = "more_information", "More information needed"


class PanelDecision(models.Model):
    """The panel's decision on an LA-commissioned request, with its reasons."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="panel_decisions")
    decision = models.CharField(max_length=20, choices=PanelDecisionKind.choices)
    reasons = models.TextField()
    decision_date = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decision_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.decision_date:%d/%m/%Y}"


@register_child_record
class RequestUpdate(models.Model):
    """What the requesting school sent when the panel asked for more information: added to the
    request, which goes back to the panel."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="request_updates")
    panel_decision = models.ForeignKey(
        PanelDecision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        help_text="The panel's questions it answers.",
    )
    text = models.TextField("More information")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    submission_token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="One per form: a double submit stores one answer."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"More information for the panel, {self.at:%d/%m/%Y}"
