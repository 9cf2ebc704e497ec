"""Settings of the providers app, read from django.conf.settings with defaults here (the
project's settings module belongs to the foundation; set these there to override)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def full_time_hours_per_week() -> Decimal:
    """Hours a week from which a pupil counts as "full-time" for the registration test.

    [unsure] "Full-time" is not defined in law; about 18 hours a week is used informally
    (domain brief section 6). Override with settings.PROVIDERS_FULL_TIME_HOURS_PER_WEEK."""
    return Decimal(str(getattr(settings, "PROVIDERS_FULL_TIME_HOURS_PER_WEEK", "18")))


def registration_pupil_threshold() -> int:
    """Full-time pupils of compulsory school age from which a setting must register (5)."""
    return int(getattr(settings, "PROVIDERS_REGISTRATION_PUPIL_THRESHOLD", 5))


def registration_vulnerable_threshold() -> int:
    """Full-time pupils with an EHCP or looked after from which a setting must register (1)."""
    return int(getattr(settings, "PROVIDERS_REGISTRATION_VULNERABLE_THRESHOLD", 1))


def document_expiry_warning_days() -> int:
    """Documents expiring within this many days show on officers' home page (30)."""
    return int(getattr(settings, "PROVIDERS_DOCUMENT_EXPIRY_WARNING_DAYS", 30))


def list_page_size() -> int:
    return int(getattr(settings, "PROVIDERS_LIST_PAGE_SIZE", 25))
