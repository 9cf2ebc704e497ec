"""Maintained summaries of figures that are costly to count over an LA's years of placements and
change slowly (docs/adr/0005-maintained-figures.md): the officer dashboard's tiles and pupils in AP
by key stage on a day. Written only by placements.services.figures; pages say when they were
counted ("as of 10:45")."""

from __future__ import annotations

from django.db import models

from apcommission.core.models import KeyStage, Organisation


class LocalAuthorityFigures(models.Model):
    """One LA's dashboard tiles for one day, as counted at `as_of`. `stale_since` is set, in the same
    transaction, by every service that changes what they count; the refresh task recounts stale
    LAs within a minute and every LA every 15 minutes (dates pass without anything changing)."""

    local_authority = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="placement_figures")
    on = models.DateField(help_text="The day the figures describe.")
    as_of = models.DateTimeField(help_text="When they were counted.")
    stale_since = models.DateTimeField(null=True, blank=True, help_text="Set when something they count changed.")
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "local authority figures"

    def __str__(self) -> str:
        return f"Figures for {self.on:%d/%m/%Y} as of {self.as_of:%H:%M}"


class OrganisationFigures(models.Model):
    """One school's or one provider's own dashboard tiles for one day (what its users see: a
    school's pupils, a provider's placements), as counted at `as_of`. Recounted, every school's and
    provider's together, whenever the refresh recounts any LA's figures (LocalAuthorityFigures):
    within a minute of a change, otherwise at most 15 minutes old."""

    class SeenAs(models.TextChoices):
        SCHOOL = "school", "School"
        PROVIDER = "provider", "Provider"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    seen_as = models.CharField(max_length=8, choices=SeenAs.choices)
    on = models.DateField(help_text="The day the figures describe.")
    as_of = models.DateTimeField(help_text="When they were counted.")
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "organisation figures"
        constraints = [models.UniqueConstraint(fields=["organisation", "seen_as"], name="organisation_figures_unique")]

    def __str__(self) -> str:
        return f"Figures for {self.on:%d/%m/%Y} as of {self.as_of:%H:%M}"


class PupilsInApCount(models.Model):
    """Pupils in AP in one LA on one day, by key stage (age on that day): the key stage snapshot.
    A day is stored with a row for every key stage (zeros too), so a missing day is one not yet
    counted. Dropped when the LA's placements change, and counted again when next asked for."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    key_stage = models.CharField(max_length=6, choices=KeyStage.choices)
    pupils = models.PositiveIntegerField()
    as_of = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "day", "key_stage"], name="pupils_in_ap_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pupils} in {self.key_stage} on {self.day:%d/%m/%Y}"
