"""Place funding: the places an LA commissions from place-funded providers each academic year."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from providers.models import Provider

from ..models import CommissionedPlaces
from ..rules import PLACE_FUNDED_TYPES
from ._common import check_finance, check_money, raise_if, save_upsert
from .commitments import commitments_refresh

MAX_PLACES = 2000


def commissioned_places_set(
    *, user, provider: Provider, academic_year: int, places: int, rate_per_place: Decimal, notes: str = ""
) -> CommissionedPlaces:
    """Record (or change) the places commissioned from a place-funded provider for an academic
    year, at a rate per place (default £10,000: funding.conf.place_rate)."""
    la_id = provider.organisation.local_authority_id
    check_finance(user, la_id)
    errors: dict = {}
    if provider.provider_type not in PLACE_FUNDED_TYPES:
        errors["provider"] = (
            f"{provider.name} is not place-funded (its type is {provider.get_provider_type_display().lower()}): "
            "place funding is for pupil referral units, AP academies, AP free schools and hospital education"
        )
    if not isinstance(places, int) or places < 0:
        errors["places"] = "Places cannot be negative"
    elif places > MAX_PLACES:
        errors["places"] = f"Enter {MAX_PLACES} places or fewer"
    check_money(errors, "rate_per_place", rate_per_place, what="the rate per place")
    raise_if(errors)
    with transaction.atomic():
        places_row = save_upsert(
            CommissionedPlaces,
            user=user,
            lookup={"provider": provider, "academic_year": academic_year},
            values={
                "local_authority_id": la_id,
                "places": places,
                "rate_per_place": Decimal(rate_per_place),
                "notes": notes.strip(),
                "recorded_by": user,
            },
        )
        commitments_refresh(local_authority=provider.organisation.local_authority)
    return places_row
