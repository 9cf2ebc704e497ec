"""The registration test's counts for each provider, kept up to date by the placements app's
figures refresh (docs/adr/0005-maintained-figures.md): counting every provider's pupils on every
officer's home page would read every active placement of the LA."""

from __future__ import annotations

from django.db import models

from .register import Provider


class RegistrationCount(models.Model):
    """Full-time pupils of compulsory school age placed with a provider on `on`, and those of them
    with an EHCP or looked after (Education and Skills Act 2008 s.92; providers.registration).
    The warning itself is worked out when read, against the thresholds in settings."""

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, primary_key=True, related_name="registration_count"
    )
    on = models.DateField()
    full_time = models.PositiveIntegerField()
    full_time_with_ehcp_or_looked_after = models.PositiveIntegerField()
    as_of = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.full_time} full-time pupils on {self.on:%d/%m/%Y}"
