"""Place funding: the places an LA commissions from each place-funded provider (PRUs, AP academies
and free schools, hospital education) for an academic year, at a rate per place (£10,000 pre-16
AP by default; domain brief section 5). The High Needs place change return lists them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apcommission.core.models import Organisation, TimeStampedModel
from providers.models import Provider

from ..querysets import LocalAuthorityQuerySet
from .money import money_field, not_negative


class CommissionedPlaces(TimeStampedModel):
    """Places commissioned from one provider for one academic year."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commissioned_places")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="commissioned_places")
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 for 2026/27.")
    places = models.PositiveIntegerField()
    rate_per_place = money_field("Rate per place")
    notes = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["provider__organisation__name"]
        verbose_name_plural = "commissioned places"
        constraints = [
            models.UniqueConstraint(fields=["provider", "academic_year"], name="places_once_per_provider_year"),
            not_negative("rate_per_place", "places_rate_not_negative"),
        ]
        indexes = [models.Index(fields=["local_authority", "academic_year"], name="places_la_year_idx")]

    def __str__(self) -> str:
        return f"{self.places} places at {self.provider} in {self.academic_year}/{(self.academic_year + 1) % 100:02d}"

    @property
    def funding(self):
        """Places × rate per place for the academic year."""
        return self.places * self.rate_per_place
