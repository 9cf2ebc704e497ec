"""A pupil a school added whose UPN the service already holds for a child the school cannot see.

The school is not told that the UPN is known elsewhere (that would say a child it does not know
is on another roll): its pupil is kept here, pending, and it is told the local authority will
confirm the record. An officer of the school's LA resolves it: the same child (the record moves
to the school's roll) or a different child or a mistyped UPN (added with the correct UPN)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import Organisation, School, TimeStampedModel

from ..querysets import PupilTransferQuerySet
from .pupils import Pupil, SenStatus, Sex


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the local authority"
    MERGED = "merged", "Same child: the record moved to the school"
    CORRECTED = "corrected", "Added with the correct UPN"


@register_child_record
class PupilTransfer(TimeStampedModel):
    """The school's new pupil, as it entered them, until an officer confirms the record."""

    upn = models.CharField("UPN", max_length=13)
    existing = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="transfers_in", help_text="The record that holds this UPN."
    )
    legal_first_name = models.CharField("Legal first name", max_length=100)
    legal_last_name = models.CharField("Legal last name", max_length=100)
    preferred_first_name = models.CharField("Preferred first name", max_length=100, blank=True)
    preferred_last_name = models.CharField("Preferred last name", max_length=100, blank=True)
    date_of_birth = models.DateField("Date of birth")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    sen_status = models.CharField("SEN status", max_length=12, choices=SenStatus.choices, default=SenStatus.NONE)
    looked_after = models.BooleanField("Looked after", default=False)
    pupil_premium = models.BooleanField("Pupil premium", default=False)
    home_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupil_transfers")
    home_la = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pupil_transfers", limit_choices_to={"kind": "la"}
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    pupil = models.ForeignKey(
        Pupil,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_resolved",
        help_text="The record the school's pupil became.",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = PupilTransferQuerySet.as_manager()

    class Meta:
        ordering = ["created_on", "id"]
        constraints = [
            # A double-submitted form adds one pending pupil.
            models.UniqueConstraint(
                fields=["upn", "home_school"],
                condition=models.Q(status="pending"),
                name="pupil_transfer_one_pending_per_school",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(pupil__isnull=False, resolved_at__isnull=False),
                name="pupil_transfer_resolved_has_a_pupil",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, added by {self.home_school}"

    @property
    def full_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"
