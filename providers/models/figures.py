"""The registration test's counts for each provider, kept up to date by the placements app's
figures refresh (docs/adr/0005-maintained-figures.md): counting every provider's pupils on every
officer's home page would read every active placement of the LA."""

from __future__ import annotations

from django.db import models

from apcommission.core.models import Organisation

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


class RegisterFigures(models.Model):
    """The provider register panel of one LA's officers' home page for one day, as counted at
    `as_of` (docs/adr/0005-maintained-figures.md): QA reviews awaiting moderation, documents
    expired or expiring within the warning period, open concerns, changes asked for, and the
    providers the registration test flags by the day's RegistrationCount rows. Every service that
    changes one sets `stale_since` in its transaction, and a stale row is not read (the page counts
    for itself) until the figures refresh recounts it, within a minute."""

    local_authority = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="register_figures")
    on = models.DateField(help_text="The day the figures describe.")
    as_of = models.DateTimeField(help_text="When they were counted.")
    stale_since = models.DateTimeField(null=True, blank=True, help_text="Set when something they count changed.")
    awaiting = models.PositiveIntegerField(help_text="QA reviews awaiting moderation.")
    due = models.PositiveIntegerField(help_text="Documents expired or expiring within the warning period.")
    concerns = models.PositiveIntegerField(help_text="Open concerns.")
    changes = models.PositiveIntegerField(help_text="Changes asked for by providers, not yet decided.")
    must_register = models.PositiveIntegerField(help_text="Providers the registration test flags.")

    class Meta:
        verbose_name_plural = "register figures"

    def __str__(self) -> str:
        return f"Register figures for {self.on:%d/%m/%Y} as of {self.as_of:%H:%M}"


class ProviderSummary(models.Model):
    """What the approved list's card shows of a provider's active sites and its price list, as
    worked out at `as_of` (docs/adr/0005-maintained-figures.md) by the selectors' own
    `provider_cards`: places by key stage, the needs served and the postcode districts, and every
    price with its dates (today's are picked when read). `card` is emptied (NULL) in the
    transaction of any change to the provider's sites, needs, places or prices, and an empty
    card is not read: the page works that provider's summary out for itself until the figures
    refresh fills it again, within a minute."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, primary_key=True, related_name="summary")
    card = models.JSONField(null=True, blank=True, help_text="Empty: to be worked out again.")
    as_of = models.DateTimeField(null=True, blank=True, help_text="When the card was worked out.")

    class Meta:
        verbose_name_plural = "provider summaries"

    def __str__(self) -> str:
        when = f"as of {self.as_of:%H:%M}" if self.card is not None else "(empty)"
        return f"Summary of {self.provider_id} {when}"
