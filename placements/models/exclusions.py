"""Exclusions: a permanent exclusion or a suspension (fixed-period exclusion) from a school.

The facts the statutory clock and the money rules both start from: the excluding school (its
calendar counts the school days; its type decides whether recoupment applies), the first school
day of the exclusion (day 1; the default "relevant date" for recoupment), and for a suspension
its length in school days. Suspensions back to back count together towards day 6 (DfE,
*Suspension and permanent exclusion*, since January 2015): the chaining is worked out from these
rows, not stored. Reasons are the DfE's census categories ([unsure]: the list changes between
census specifications; docs/domain.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import School, TimeStampedModel

from ..querysets import ExclusionQuerySet
from .pupils import Pupil


class ExclusionKind(models.TextChoices):
    PERMANENT = "permanent", "Permanent exclusion"
    SUSPENSION = "suspension", "Suspension"


class ExclusionReason(models.TextChoices):
    """The reason categories of the school census exclusion module (DfE)."""

    PHYSICAL_ASSAULT_PUPIL = "PP", "Physical assault against a pupil"
    PHYSICAL_ASSAULT_ADULT = "PA", "Physical assault against an adult"
    VERBAL_ABUSE_PUPIL = "VP", "Verbal abuse or threatening behaviour against a pupil"
    VERBAL_ABUSE_ADULT = "VA", "Verbal abuse or threatening behaviour against an adult"
    OFFENSIVE_WEAPON = "OW", "Use or threat of use of an offensive weapon or prohibited item"
    BULLYING = "BU", "Bullying"
    RACIST_ABUSE = "RA", "Racist abuse"
    ABUSE_SEXUAL_ORIENTATION_GENDER = "LG", "Abuse against sexual orientation or gender identity"
    ABUSE_DISABILITY = "AD", "Abuse relating to disability"
    SEXUAL_MISCONDUCT = "SM", "Sexual misconduct"
    DRUGS_ALCOHOL = "DA", "Drug and alcohol related"
    DAMAGE = "DM", "Damage"
    THEFT = "TH", "Theft"
    PERSISTENT_DISRUPTION = "PD", "Persistent disruptive behaviour"
    SOCIAL_MEDIA = "MT", "Inappropriate use of social media or online technology"
    PUBLIC_HEALTH = "WA", "Wilful and repeated transgression of protective measures for public health"


@register_child_record
class Exclusion(TimeStampedModel):
    """One permanent exclusion or one suspension of one pupil from one school."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="exclusions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="exclusions")
    kind = models.CharField(max_length=12, choices=ExclusionKind.choices)
    first_day = models.DateField("First school day of the exclusion")
    school_days = models.PositiveSmallIntegerField(
        "Length in school days", null=True, blank=True, help_text="Suspensions only: a permanent exclusion has no end."
    )
    reason = models.CharField(max_length=2, choices=ExclusionReason.choices)
    reason_detail = models.TextField("What happened (optional)", blank=True)
    removed_from_roll_on = models.DateField(
        "Date the pupil came off the school's roll",
        null=True,
        blank=True,
        help_text="Permanent exclusions: from this date the pupil is single-registered at the AP.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reduction_calculated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Permanent exclusions: the excluding school's reduction (recoupment) is calculated and not "
        "waived. Kept by funding.services.recoupment in the same transaction, so that the list of exclusions "
        "still to calculate reads only those without one (through exclusion_to_calculate_idx).",
    )

    history = HistoricalRecords()
    objects = ExclusionQuerySet.as_manager()

    class Meta:
        ordering = ["-first_day", "-id"]
        indexes = [
            models.Index(fields=["pupil", "first_day"], name="exclusion_pupil_day_idx"),
            models.Index(fields=["school", "kind", "first_day"], name="exclusion_school_kind_idx"),
            # The permanent exclusions whose reduction is still to calculate, oldest first; with the
            # pupil, so that the list's count (scoped by the pupil's home LA) reads the index alone.
            models.Index(
                fields=["first_day", "id"],
                condition=models.Q(kind=ExclusionKind.PERMANENT, reduction_calculated=False),
                include=["pupil"],
                name="exclusion_to_calculate_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=ExclusionKind.PERMANENT, school_days__isnull=True)
                    | models.Q(kind=ExclusionKind.SUSPENSION, school_days__gte=1)
                ),
                name="exclusion_suspension_has_days",
                violation_error_message=(
                    "A suspension lasts one school day or more; a permanent exclusion has no length"
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(removed_from_roll_on__isnull=True) | models.Q(kind=ExclusionKind.PERMANENT),
                name="exclusion_off_roll_if_permanent",
                violation_error_message="Only a permanently excluded pupil comes off the school's roll.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.pupil} from {self.school} on {self.first_day:%d/%m/%Y}"

    @property
    def is_permanent(self) -> bool:
        return self.kind == ExclusionKind.PERMANENT
