"""Reads of the provider register that views, PDFs, other apps and the home page share."""

from .capacity import site_places_free, sites_places_free
from .home import home_panels
from .qa import documents_due, latest_qa_reviews
from .register import (
    PriceRow,
    approved_list,
    approved_summaries,
    bookable_providers,
    card_summary,
    gap_analysis,
    is_bookable,
    price_list,
    provider_cards,
    provider_for_detail,
    provider_page,
    register_list,
    summarise_sites,
)
from .registration import (
    attach_registration_flags,
    providers_that_must_register,
    registration_warning,
    registration_warnings,
)

__all__ = [
    "PriceRow",
    "approved_list",
    "approved_summaries",
    "attach_registration_flags",
    "bookable_providers",
    "card_summary",
    "documents_due",
    "gap_analysis",
    "home_panels",
    "is_bookable",
    "latest_qa_reviews",
    "price_list",
    "provider_for_detail",
    "provider_cards",
    "provider_page",
    "providers_that_must_register",
    "register_list",
    "registration_warning",
    "registration_warnings",
    "site_places_free",
    "sites_places_free",
    "summarise_sites",
]
