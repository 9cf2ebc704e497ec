"""The commissioning plan: a baseline year and up to five plan years, each with its cost and the
pupils it supports, as Schools Forum papers set them out (Bromley's review of AP, 2023: "Cost of
proposal", "In year costs compared to baseline", "Cumulative payback", in £'000). A plan is one
scenario; scenarios are copied and compared, and the chosen one goes into the Forum pack."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apcommission.core.models import Organisation, TimeStampedModel

from ..querysets import LAStaffQuerySet

MAX_PLAN_YEARS = 5


class CommissioningPlan(TimeStampedModel):
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commissioning_plans", limit_choices_to={"kind": "la"}
    )
    name = models.CharField("Scenario name", max_length=120)
    baseline_label = models.CharField("Baseline year", max_length=20, help_text="For example, 2024-25.")
    baseline_cost = models.DecimalField("Baseline cost (£)", max_digits=12, decimal_places=2)
    baseline_pupils = models.PositiveIntegerField("Pupils supported in the baseline year")
    notes = models.TextField("Assumptions (optional)", blank=True)
    is_chosen = models.BooleanField("Chosen scenario", default=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = LAStaffQuerySet.as_manager()

    class Meta:
        ordering = ["-is_chosen", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority"],
                condition=models.Q(is_chosen=True),
                name="plan_one_chosen_scenario_per_la",
                violation_error_message="Only one scenario can be the chosen one",
            ),
            models.CheckConstraint(condition=models.Q(baseline_cost__gte=0), name="plan_baseline_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanYear(models.Model):
    plan = models.ForeignKey(CommissioningPlan, on_delete=models.CASCADE, related_name="years")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_PLAN_YEARS)])
    cost = models.DecimalField("Cost (£)", max_digits=12, decimal_places=2)
    pupils = models.PositiveIntegerField("Pupils supported")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_year_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=MAX_PLAN_YEARS), name="plan_year_number_1_to_5"
            ),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="plan_year_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} year {self.number}"
