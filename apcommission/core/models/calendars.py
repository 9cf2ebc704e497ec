"""School calendars: term dates per LA or school, and closure days (INSET days, snow days)."""

from __future__ import annotations

from django.db import models

from .base import TimeStampedModel
from .organisations import Organisation, School


class TermKind(models.TextChoices):
    AUTUMN_1 = "autumn_1", "Autumn first half"
    AUTUMN_2 = "autumn_2", "Autumn second half"
    SPRING_1 = "spring_1", "Spring first half"
    SPRING_2 = "spring_2", "Spring second half"
    SUMMER_1 = "summer_1", "Summer first half"
    SUMMER_2 = "summer_2", "Summer second half"


class TermDate(TimeStampedModel):
    """A half term when a school is open. The LA's pattern applies to every school that has no
    half terms of its own (academies set their own dates; enter theirs against the school)."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="term_dates", limit_choices_to={"kind": "la"}
    )
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="term_dates",
        help_text="Empty: the LA's own pattern. Set: this school's own dates replace the LA's.",
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts, e.g. 2026 for 2026/27."
    )
    kind = models.CharField(max_length=10, choices=TermKind.choices)
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_day__lte=models.F("last_day")), name="termdate_in_order"),
            # Two partial constraints rather than nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                fields=["local_authority", "academic_year", "kind"],
                condition=models.Q(school__isnull=True),
                name="termdate_unique_la_half_term",
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "kind"],
                condition=models.Q(school__isnull=False),
                name="termdate_unique_school_half_term",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "school", "first_day"], name="termdate_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.academic_year}/{(self.academic_year + 1) % 100:02d}"


class ClosureDay(TimeStampedModel):
    """A weekday inside a half term when a school (or every school in the LA) is closed to
    pupils: an INSET day, a polling day, an emergency closure. Whether INSET days stop the
    statutory clock is unsure in the brief, so each closure says whether it counts."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="closure_days")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=100, default="INSET day")
    counts_as_school_day = models.BooleanField(
        default=False, help_text="Tick if this closure still counts towards statutory day counts."
    )

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "date"], condition=models.Q(school__isnull=True), name="closureday_unique_la"
            ),
            models.UniqueConstraint(
                fields=["school", "date"], condition=models.Q(school__isnull=False), name="closureday_unique_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.date:%d/%m/%Y}"
