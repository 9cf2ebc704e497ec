"""Health absences, the statutory deadlines the clock keeps, and the reminders it sends.

Deadlines are stored rows (docs/adr/0007-statutory-deadlines-are-stored.md): worked out by
placements.services.deadlines from the exclusions, suspensions, health absences and placements,
on the excluding (or home) school's own calendar, whenever one of those changes. Storing them lets
the daily sweep, the task lists and the figures ask the database in a fixed number of queries.

The duties (DfE, *Suspension and permanent exclusion*; Education (Provision of Full-Time Education
for Excluded Pupils) (England) Regulations 2007; DfE, *Arranging education for children who cannot
attend school because of health needs*, 2023):
- day 6 of a permanent exclusion: the pupil's home LA arranges full-time education;
- day 6 of consecutive suspensions (back to back add up): the excluding school does;
- the governing board considers a permanent exclusion within 15 school days (for information);
- more than 15 school days of absence for health reasons in an academic year, consecutive or
  cumulative: the LA arranges education.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Right
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import Organisation, School, TimeStampedModel
from providers.models import ComplianceDocument, Provider, QAReview

from ..querysets import DeadlineQuerySet, HealthAbsenceQuerySet
from .exclusions import Exclusion
from .placements import Placement
from .pupils import Pupil


@register_child_record
class HealthAbsence(TimeStampedModel):
    """A spell of absence for health reasons (physical or mental), in school days, as the school
    reports it to the LA (the sickness return at 15 days' absence, since August 2024)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="health_absences")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="health_absences")
    first_day = models.DateField("First school day of absence")
    school_days = models.PositiveSmallIntegerField(
        "School days absent", help_text="Days missed so far, or expected to be missed."
    )
    reason_detail = models.TextField("Health needs (optional)", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords()
    objects = HealthAbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-first_day", "-id"]
        indexes = [models.Index(fields=["pupil", "first_day"], name="health_absence_pupil_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school_days__gte=1),
                name="health_absence_at_least_a_day",
                violation_error_message="A health absence lasts one school day or more",
            ),
        ]

    def __str__(self) -> str:
        return f"Health absence of {self.pupil} from {self.first_day:%d/%m/%Y}"


class DeadlineKind(models.TextChoices):
    DAY6_PERMANENT = "day6_permanent", "Day-6 provision after a permanent exclusion"
    DAY6_SUSPENSION = "day6_suspension", "Day-6 provision during a suspension"
    GOVERNORS = "governors", "Governing board to consider the exclusion"
    HEALTH = "health", "Education for a pupil absent for health reasons"
    PLACEMENT_REVIEW = "placement_review", "Placement review"
    REINTEGRATION = "reintegration", "Return to school under the reintegration plan"
    QA_REVIEW = "qa_review", "Provider QA review"
    DOCUMENT_EXPIRY = "document_expiry", "Compliance document expires"
    ATTENDANCE = "attendance", "Pupil not accounted for at the attendance cut-off"


#: Deadlines that are duties to provide education (the day-6 figures count the first two).
DAY6_KINDS = (DeadlineKind.DAY6_PERMANENT, DeadlineKind.DAY6_SUSPENSION)
PROVISION_KINDS = (*DAY6_KINDS, DeadlineKind.HEALTH)
#: Deadlines of one placement of a pupil (the placement is their subject, not what met them).
PLACEMENT_KINDS = (DeadlineKind.PLACEMENT_REVIEW, DeadlineKind.REINTEGRATION, DeadlineKind.ATTENDANCE)
#: Deadlines of a pupil worked out from exclusions and absences, counted on a school's calendar.
STATUTORY_KINDS = (*PROVISION_KINDS, DeadlineKind.GOVERNORS)
#: Deadlines of a provider, not of a pupil (no pupil data in them).
PROVIDER_KINDS = (DeadlineKind.QA_REVIEW, DeadlineKind.DOCUMENT_EXPIRY)


class DutyHolder(models.TextChoices):
    LA = "la", "Local authority"
    SCHOOL = "school", "School"
    PROVIDER = "provider", "Provider"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Due"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    FOR_INFORMATION = "info", "For information"
    CANCELLED = "cancelled", "No longer needed"


@register_child_record
class Deadline(TimeStampedModel):
    """One deadline: a statutory one for a pupil, one of a pupil's placements (its review, its
    return to school), or one of a provider (its QA review, a compliance document expiring).
    `key` names what it was worked out from, so that working it out again updates the same row
    (and its reminders stay attached). What it is about follows from its kind, and the database
    holds to that (`deadline_subject_of_its_kind`)."""

    key = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=16, choices=DeadlineKind.choices)
    holder = models.CharField("Who holds the duty", max_length=8, choices=DutyHolder.choices)
    holder_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    officers_told = models.BooleanField(
        "The LA's officers are told too",
        default=False,
        db_default=False,
        help_text="A school's or provider's deadline the LA's officers also watch (reminders and task lists).",
    )
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pupil_deadlines",
        help_text="The pupil's home LA, or the provider's LA.",
    )
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines")
    pupil = models.ForeignKey(Pupil, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines")
    qa_review = models.ForeignKey(QAReview, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(ComplianceDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    exclusion = models.ForeignKey(Exclusion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    health_absence = models.ForeignKey(HealthAbsence, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField("Day 1", help_text="The first school day the count starts from.")
    due_on = models.DateField("Due by")
    remind_from = models.DateField(help_text="First reminder: a number of school days before it is due.")
    ends_on = models.DateField(
        null=True, blank=True, help_text="Suspensions: the last school day; a duty not met by then was missed."
    )
    escalate_on = models.DateField(null=True, blank=True, help_text="LA duties: managers are told from this day.")
    is_estimated = models.BooleanField(default=False, help_text="The school's term dates were not entered.")
    status = models.CharField(max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN)
    met_on = models.DateField("Provision started", null=True, blank=True)
    school_days_late = models.PositiveSmallIntegerField(null=True, blank=True)
    provision_school_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The school day (counting day 1 as 1) on which provision started."
    )
    placement = models.ForeignKey(
        Placement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The placement that met a duty to provide education, or the one a review or return is of.",
    )
    detail = models.CharField(max_length=200, blank=True)
    register_provider = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # deadline_provider_alerts_idx leads with it
        help_text="Attendance cut-offs: the placement's provider, whose register it is (its users' alerts are "
        "read by it).",
    )
    pupil_sort_name = models.CharField(
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text="Attendance cut-offs: the pupil's legal last name, which today's alerts are listed by (kept "
        "with the pupil's by placements.services.attendance).",
    )

    history = HistoricalRecords(excluded_fields=["modified_on"])
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The sweep and the task lists read open deadlines by date.
            models.Index(fields=["due_on", "id"], condition=models.Q(status="open"), name="deadline_open_due_idx"),
            models.Index(fields=["remind_from"], condition=models.Q(status="open"), name="deadline_open_remind_idx"),
            # How many of an LA's open duties are overdue (its staff's task lists), from the index
            # alone: the columns that say whose duty it is are kept in it.
            models.Index(
                fields=["local_authority", "due_on"],
                include=["holder", "holder_organisation", "officers_told"],
                condition=models.Q(status="open"),
                name="deadline_open_la_due_idx",
            ),
            models.Index(fields=["local_authority", "kind", "due_on"], name="deadline_la_kind_due_idx"),
            models.Index(fields=["holder_organisation", "status", "due_on"], name="deadline_holder_idx"),
            models.Index(fields=["pupil", "due_on"], name="deadline_pupil_idx"),
            # Today's missing-pupil alerts on the dashboard, whatever became of them.
            models.Index(fields=["kind", "due_on"], name="deadline_kind_due_idx"),
            # An LA's alerts of a day in the dashboard's order (session, pupil's last name,
            # placement): its first rows are read from here, not sorted from all of the day's.
            models.Index(
                models.F("local_authority"),
                models.F("due_on"),
                Right("key", 2),
                models.F("pupil_sort_name"),
                models.F("placement"),
                condition=models.Q(kind="attendance"),
                name="deadline_la_alerts_idx",
            ),
            # A provider's alerts of a day: its own registers' cut-offs.
            models.Index(
                fields=["register_provider", "due_on"],
                condition=models.Q(kind="attendance"),
                name="deadline_provider_alerts_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(remind_from__lte=models.F("due_on")), name="deadline_reminded_before_due"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="met") | models.Q(met_on__isnull=False), name="deadline_met_has_date"
            ),
            # A pupil's deadlines name the pupil (and their school); a placement's also the
            # placement; a provider's name the provider and the review or document, and no pupil.
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=STATUTORY_KINDS,
                    pupil__isnull=False,
                    school__isnull=False,
                    provider__isnull=True,
                    qa_review__isnull=True,
                    document__isnull=True,
                )
                | models.Q(
                    kind__in=PLACEMENT_KINDS,
                    pupil__isnull=False,
                    placement__isnull=False,
                    provider__isnull=True,
                    qa_review__isnull=True,
                    document__isnull=True,
                )
                | models.Q(
                    kind=DeadlineKind.QA_REVIEW,
                    provider__isnull=False,
                    qa_review__isnull=False,
                    pupil__isnull=True,
                    document__isnull=True,
                )
                | models.Q(
                    kind=DeadlineKind.DOCUMENT_EXPIRY,
                    provider__isnull=False,
                    document__isnull=False,
                    pupil__isnull=True,
                    qa_review__isnull=True,
                ),
                name="deadline_subject_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_name}, by {self.due_on:%d/%m/%Y}"

    @property
    def session(self) -> str:
        """An attendance cut-off's session ("am" or "pm"), the last part of its key."""
        return self.key.rsplit(":", 1)[1] if self.kind == DeadlineKind.ATTENDANCE else ""

    @property
    def subject_name(self) -> str:
        """Who or what it is about: the pupil, or the provider."""
        return str(self.pupil) if self.pupil_id else str(self.provider)


def attendance_key(placement_id: int, day, session: str) -> str:
    """The key of a placement's attendance cut-off for one session of one day."""
    return f"attendance:{placement_id}:{day:%Y%m%d}:{session}"


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"
    ESCALATED = "escalated", "Overdue: escalated to managers"
    MISSING = "missing", "Missing from alternative provision"


class Reminder(models.Model):
    """One reminder of one deadline to one person at one stage: an e-mail and an entry in their
    notifications. The unique constraint is what makes it exactly once: the sweep inserts with
    "on conflict do nothing", and only rows it inserted (or that a dead sweep left unsent) are
    e-mailed, after the insert commits."""

    # No index of their own: the unique constraint leads with the deadline, reminder_recipient_idx
    # with the recipient, and every index is written for each of the sweep's reminders (twice: when
    # inserted, and when marked e-mailed).
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders", db_index=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(default=timezone.now, help_text="When a sweep took it to e-mail.")
    batch = models.UUIDField(help_text="The sweep that claimed it for e-mailing.")
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "recipient", "stage"], name="reminder_once_per_stage"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="reminder_recipient_idx"),
            # The sweep reads and marks its batch one recipient at a time.
            models.Index(fields=["batch", "recipient"], name="reminder_batch_recipient_idx"),
            models.Index(
                fields=["claimed_at"], condition=models.Q(emailed_at__isnull=True), name="reminder_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.deadline}"
