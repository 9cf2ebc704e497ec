"""Routes into AP as data: who commissions, who pays, how the pupil is registered.

Seeded from Herefordshire's AP commissioning strategy table (domain brief section 2) with the
home-school attendance codes of the School Attendance Regulations 2024 (brief section 4). Rows
with no local authority are the template; each LA gets its own copy to edit (`routes_for_la`)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.models import Organisation, TimeStampedModel


class RouteCode(models.TextChoices):
    PERMANENT_EXCLUSION = "permanent_exclusion", "From the 6th day after a permanent exclusion"
    HEALTH = "health", "Health needs (physical or mental)"
    AWAITING_SCHOOL_PLACE = "awaiting_place", "Interim provision while awaiting a school place"
    SHORT_TERM = "short_term", "Short-term assessment or intervention (reintegration or transition)"
    SUSPENSION_OFF_SITE = "suspension_off_site", "Suspension over 5 days, or off-site direction by the school"
    SECTION_19_OTHER = "section_19_other", 'Section 19 "other reasons"'
    PART_TIME_VOCATIONAL = "part_time_vocational", "Part of the week off-site for vocational or other courses"


class Commissioner(models.TextChoices):
    LA = "la", "Local authority"
    SCHOOL = "school", "School"
    LA_OR_SCHOOL = "la_or_school", "LA or school (chosen at booking)"


class Funder(models.TextChoices):
    LA = "la", "Local authority"
    SCHOOL = "school", "School"
    SCHOOL_BY_AGREEMENT = "school_by_agreement", "School, by local agreement"
    AWPU_RECOVERY = "awpu_recovery", "Recovery of AWPU from the school"
    LA_OR_SCHOOL = "la_or_school", "LA or school (chosen at booking)"


class RegistrationRule(models.TextChoices):
    DUAL_THEN_SINGLE = "dual_then_single", "Dual at first, then single registration at the AP"
    DUAL_SCHOOL_MAIN = "dual_school_main", "Dual, school main"
    SINGLE_AT_AP = "single_at_ap", "Single registration at the AP"
    DUAL_OR_SINGLE = "dual_or_single", "Dual or single (chosen at booking)"


class AttendanceCode(models.TextChoices):
    """Codes the home school records for sessions the pupil spends at the AP."""

    K = "K", "K"
    B = "B", "B"
    D = "D", "D"
    NONE = "", "None"


#: One line per code, shown on the placement page (School Attendance Regulations 2024).
ATTENDANCE_CODE_EXPLANATIONS = {
    "K": "K: attending provision arranged by the local authority at a place where the pupil is not registered.",
    "B": "B: off-site educational activity arranged by the school (never for remote or online provision).",
    "D": "D: dual registered, and required to attend the other school this session.",
    "": "None: the home school does not record these sessions (the pupil is off its roll or singly registered).",
}


#: One line per route for the request's route question: when it applies and who decides.
ROUTE_EXPLANATIONS = {
    RouteCode.PERMANENT_EXCLUSION: (
        "The pupil has been permanently excluded: the LA arranges full-time education from the sixth school day."
    ),
    RouteCode.HEALTH: (
        "The pupil will miss more than 15 school days through illness: the school or the LA commissions it."
    ),
    RouteCode.AWAITING_SCHOOL_PLACE: (
        "The child has no school place yet: the LA commissions and pays until one is found."
    ),
    RouteCode.SHORT_TERM: (
        "A short assessment or intervention with a plan to return to school: the school commissions it."
    ),
    RouteCode.SUSPENSION_OFF_SITE: (
        "A suspension of more than 5 school days, or the school directs the pupil off-site: the school commissions it."
    ),
    RouteCode.SECTION_19_OTHER: (
        "The pupil cannot otherwise get a suitable education (Section 19): the LA commissions it, at its panel."
    ),
    RouteCode.PART_TIME_VOCATIONAL: (
        "Part of the week away from school for a vocational or other course: the school commissions it."
    ),
}


class Route(TimeStampedModel):
    """One route into AP and the rules an LA has agreed for it."""

    local_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ap_routes",
        limit_choices_to={"kind": "la"},
        help_text="Empty: the template copied to each LA on first use.",
    )
    code = models.CharField(max_length=24, choices=RouteCode.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    commissioner = models.CharField(max_length=16, choices=Commissioner.choices)
    lump_sum_funder = models.CharField("Lump-sum funder", max_length=24, choices=Funder.choices)
    top_up_funder = models.CharField("Top-up funder", max_length=24, choices=Funder.choices)
    registration_rule = models.CharField(max_length=20, choices=RegistrationRule.choices)
    home_school_attendance_code = models.CharField(
        "Home-school attendance code", max_length=1, choices=AttendanceCode.choices, blank=True
    )
    attendance_code_note = models.CharField(
        max_length=300, blank=True, help_text="When the code differs, e.g. D if dual registered at a PRU."
    )
    is_section_19 = models.BooleanField(
        "Section 19 duty",
        default=False,
        help_text="Only for pupils of compulsory school age (Education Act 1996 s.19).",
    )
    requires_reintegration_plan = models.BooleanField(
        default=False, help_text="A reintegration plan is needed before the placement starts."
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "code"],
                condition=models.Q(local_authority__isnull=False),
                name="route_unique_code_per_la",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(local_authority__isnull=True), name="route_unique_template_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def attendance_code_explanation(self) -> str:
        return ATTENDANCE_CODE_EXPLANATIONS[self.home_school_attendance_code]

    @property
    def explanation(self) -> str:
        """The LA's own description of the route, or the one line for its kind."""
        return self.description.strip() or ROUTE_EXPLANATIONS.get(self.code, "")

    def rules_snapshot(self) -> dict:
        """What this route said, to copy onto a placement when it is made (later edits never rewrite it)."""
        return {
            "route_id": self.pk,
            "code": self.code,
            "name": self.name,
            "commissioner": self.commissioner,
            "lump_sum_funder": self.lump_sum_funder,
            "top_up_funder": self.top_up_funder,
            "registration_rule": self.registration_rule,
            "home_school_attendance_code": self.home_school_attendance_code,
            "attendance_code_note": self.attendance_code_note,
            "is_section_19": self.is_section_19,
            "requires_reintegration_plan": self.requires_reintegration_plan,
        }
