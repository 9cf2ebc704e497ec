"""The pupil record: who the child is, where they are on roll, and what the LA must know."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.education import key_stage_on, national_curriculum_year, year_label
from apcommission.core.models import KeyStage, Organisation, School, TimeStampedModel

from ..querysets import PupilQuerySet


class Sex(models.TextChoices):
    """As recorded in the school census."""

    FEMALE = "F", "Female"
    MALE = "M", "Male"


class SenStatus(models.TextChoices):
    NONE = "none", "No special educational needs"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan (EHCP)"


@register_child_record
class Pupil(TimeStampedModel):
    """A child the LA or a school arranges AP for. The UPN is unique across the service."""

    upn = models.CharField("UPN", max_length=13, unique=True, help_text="Unique pupil number, 13 characters.")
    #: Which of the DfE's UPN checks the UPN fails as a return makes them (placements.upn.upn_error_bits:
    #: 0 when it passes), set with the UPN by pupil_create; empty when not known (a record written
    #: another way, or anonymised), and then checked again where it matters. The AP census counts
    #: its UPN problems from it instead of checking every pupil's UPN.
    upn_problems = models.PositiveSmallIntegerField("UPN problems", null=True, blank=True, editable=False)
    legal_first_name = models.CharField("Legal first name", max_length=100)
    legal_last_name = models.CharField("Legal last name", max_length=100, db_index=True)
    preferred_first_name = models.CharField("Preferred first name", max_length=100, blank=True)
    preferred_last_name = models.CharField("Preferred last name", max_length=100, blank=True)
    date_of_birth = models.DateField("Date of birth")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    sen_status = models.CharField("SEN status", max_length=12, choices=SenStatus.choices, default=SenStatus.NONE)
    looked_after = models.BooleanField("Looked after", default=False)
    pupil_premium = models.BooleanField("Pupil premium", default=False)
    home_school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pupils",
        help_text="Empty for a child with no school place.",
    )
    home_la = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pupils",
        limit_choices_to={"kind": "la"},
        verbose_name="Home local authority",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = PupilQuerySet.as_manager()

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        indexes = [
            # The pupil list's order within an LA or a school, for keyset pages (Meta.ordering).
            models.Index(fields=["home_la", "legal_last_name", "legal_first_name", "id"], name="pupil_la_list_idx"),
            models.Index(
                fields=["home_school", "legal_last_name", "legal_first_name", "id"], name="pupil_school_list_idx"
            ),
            # The scoping's question of a placement's pupil (is their home LA the user's?) answered
            # from the index, without reading the pupil's row: the panel queue's count asks it of
            # every request waiting, the registers of every pupil in AP at a provider. With the
            # names and school, so that a register sorts its hundreds of pupils from the index.
            models.Index(
                fields=["id"],
                include=["home_la", "home_school", "legal_last_name", "legal_first_name"],
                name="pupil_home_la_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    @property
    def known_as(self) -> str:
        """The name the child prefers, when it differs from the legal name."""
        first = self.preferred_first_name or self.legal_first_name
        last = self.preferred_last_name or self.legal_last_name
        name = f"{first} {last}"
        return "" if name == self.full_name else name

    def nc_year(self, on: dt.date | None = None) -> int:
        return national_curriculum_year(self.date_of_birth, on or dt.date.today())

    def year_label(self, on: dt.date | None = None) -> str:
        return year_label(self.nc_year(on))

    def key_stage(self, on: dt.date | None = None) -> KeyStage:
        return key_stage_on(self.date_of_birth, on or dt.date.today())
