"""The register of AP providers: the record, its sites and places, prices and approval history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from apcommission.core.models import URN_VALIDATOR, KeyStage, Need, Organisation, TimeStampedModel
from apcommission.core.templatetags.money import money

from ..choices import (
    BOOKABLE_STATUSES,
    NON_SCHOOL_TYPES,
    ApprovalStatus,
    OfstedJudgement,
    PriceUnit,
    ProviderType,
    RegistrationStatus,
)
from ..querysets import (
    ContactQuerySet,
    PriceQuerySet,
    ProviderQuerySet,
    SiteCapacityQuerySet,
    SiteQuerySet,
)

UKPRN_VALIDATOR = RegexValidator(r"^1\d{7}$", "Enter a UKPRN of 8 digits starting with 1, like 10012345")
COMPANY_NUMBER_VALIDATOR = RegexValidator(
    r"^(\d{8}|[A-Z]{2}\d{6})$", "Enter a Companies House number of 8 characters, like 01234567 or SC123456"
)


class Provider(TimeStampedModel):
    """An AP provider on the LA's register. Its name and LA are its organisation's."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="provider")
    provider_type = models.CharField("Type", max_length=20, choices=ProviderType.choices, db_index=True)
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.APPLIED, db_index=True
    )
    conditions = models.TextField(blank=True, help_text="Conditions of approval, where approved with conditions.")
    urn = models.CharField("URN", max_length=6, blank=True, validators=[URN_VALIDATOR])
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, validators=[UKPRN_VALIDATOR])
    company_number = models.CharField(
        "Companies House number", max_length=8, blank=True, validators=[COMPANY_NUMBER_VALIDATOR]
    )
    ofsted_judgement = models.CharField(
        "Ofsted judgement", max_length=24, choices=OfstedJudgement.choices, default=OfstedJudgement.NOT_INSPECTED
    )
    ofsted_date = models.DateField("Date of Ofsted inspection", null=True, blank=True)
    registration_status = models.CharField(
        max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.NOT_REQUIRED
    )
    description = models.TextField("About the provision", blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def is_bookable(self) -> bool:
        return self.status in BOOKABLE_STATUSES


class ApprovalChange(models.Model):
    """One step of a provider's approval lifecycle, kept as history."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="approval_changes")
    from_status = models.CharField(max_length=20, choices=ApprovalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApprovalStatus.choices)
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider}: {self.get_to_status_display()} on {self.at:%d/%m/%Y}"


class Contact(TimeStampedModel):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    is_designated_safeguarding_lead = models.BooleanField("Designated safeguarding lead", default=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-is_designated_safeguarding_lead", "name"]

    def __str__(self) -> str:
        return self.name


class Site(TimeStampedModel):
    """A place where the provider teaches pupils (or 'Online' / 'Outreach' for no fixed site)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    postcode_district = models.CharField(
        max_length=4, blank=True, db_index=True, help_text="Outward code of the postcode, e.g. HR4."
    )
    is_active = models.BooleanField(default=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["provider__organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.provider} – {self.name}"


class SiteNeed(models.Model):
    """A need served at a site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=12, choices=Need.choices, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "need"], name="siteneed_unique")]

    def __str__(self) -> str:
        return self.get_need_display()


class SiteCapacity(models.Model):
    """Places at a site for one key stage. Bookings take places from start to end date."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="capacities")
    key_stage = models.CharField(max_length=6, choices=KeyStage.choices, db_index=True)
    places = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    objects = SiteCapacityQuerySet.as_manager()

    class Meta:
        ordering = ["key_stage"]
        constraints = [
            models.UniqueConstraint(fields=["site", "key_stage"], name="sitecapacity_unique_key_stage"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="sitecapacity_places_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.places} places at {self.get_key_stage_display()}"


class Price(TimeStampedModel):
    """A price on the provider's list: an amount per unit, from a date, at one site or all sites.
    Prices for the same unit and site may not overlap in time (services.price_add checks; an
    all-sites price overlaps every site's price of the same unit)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="prices")
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.CASCADE, related_name="prices", help_text="Empty: every site."
    )
    unit = models.CharField(max_length=12, choices=PriceUnit.choices)
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))], help_text="Pounds and pence."
    )
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Empty: until further notice.")
    description = models.CharField(max_length=200, blank=True)

    objects = PriceQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="price_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="price_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["provider", "unit", "effective_from"], name="price_lookup_idx")]

    def __str__(self) -> str:
        return f"{money(self.amount)} {self.get_unit_display()}"


__all__ = [
    "COMPANY_NUMBER_VALIDATOR",
    "UKPRN_VALIDATOR",
    "ApprovalChange",
    "ApprovalStatus",
    "BOOKABLE_STATUSES",
    "Contact",
    "NON_SCHOOL_TYPES",
    "OfstedJudgement",
    "Price",
    "PriceUnit",
    "Provider",
    "ProviderType",
    "RegistrationStatus",
    "Site",
    "SiteCapacity",
    "SiteNeed",
]
