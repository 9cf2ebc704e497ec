"""Prices (no overlaps for the same unit and site), places, contacts and providers' change requests."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.core.models import KeyStage, Need
from providers.choices import ChangeKind, ChangeStatus, PriceUnit
from providers.models import Price, SiteCapacity
from providers.services import (
    capacity_set,
    change_request_decide,
    change_request_submit,
    contact_save,
    price_add,
    provider_register,
    provider_update,
    provider_update_offer,
    site_add,
)
from tests.providers.factories import PriceFactory, SiteFactory

D = dt.date


def _price(provider, author, **kwargs):
    values = {"unit": PriceUnit.DAY, "amount": Decimal("95.50"), "effective_from": D(2026, 9, 1)} | kwargs
    return price_add(provider=provider, author=author, **values)


def test_price_is_kept_in_pence(approved_provider, la_officer):
    price = _price(approved_provider, la_officer, amount=Decimal("95.505"))
    assert price.amount == Decimal("95.51")


def test_overlapping_price_for_the_same_unit_and_site_is_refused(approved_provider, la_officer):
    site = SiteFactory(provider=approved_provider)
    _price(approved_provider, la_officer, site=site, effective_to=D(2027, 8, 31))
    with pytest.raises(ValidationError, match="overlap"):
        _price(approved_provider, la_officer, site=site, effective_from=D(2027, 3, 1))
    assert Price.objects.count() == 1


def test_an_all_sites_price_overlaps_every_sites_price(approved_provider, la_officer):
    site = SiteFactory(provider=approved_provider)
    _price(approved_provider, la_officer, site=site)
    with pytest.raises(ValidationError, match="overlap"):
        _price(approved_provider, la_officer, site=None, effective_from=D(2030, 1, 1))
    other = SiteFactory(provider=approved_provider)
    _price(approved_provider, la_officer, site=other)  # another site: fine


def test_site_price_overlaps_an_all_sites_price(approved_provider, la_officer):
    _price(approved_provider, la_officer, effective_to=D(2027, 8, 31))
    with pytest.raises(ValidationError):
        _price(
            approved_provider, la_officer, site=SiteFactory(provider=approved_provider), effective_from=D(2027, 1, 1)
        )


def test_back_to_back_prices_and_other_units_do_not_overlap(approved_provider, la_officer):
    _price(approved_provider, la_officer, effective_to=D(2027, 8, 31))
    _price(approved_provider, la_officer, effective_from=D(2027, 9, 1), amount=Decimal("99"))
    _price(approved_provider, la_officer, unit=PriceUnit.HOUR, amount=Decimal("65"))
    assert Price.objects.count() == 3


def test_price_dates_in_the_wrong_order_are_refused(approved_provider, la_officer):
    with pytest.raises(ValidationError, match="same as or after the start date"):
        _price(approved_provider, la_officer, effective_to=D(2026, 8, 1))


def test_negative_price_is_refused(approved_provider, la_officer):
    with pytest.raises(ValidationError):
        _price(approved_provider, la_officer, amount=Decimal("-1"))


def test_only_officers_add_prices_directly(approved_provider, senco_school_a):
    with pytest.raises(PermissionDenied):
        _price(approved_provider, senco_school_a)


def test_site_with_needs_and_places(approved_provider, la_officer):
    site = site_add(
        provider=approved_provider,
        author=la_officer,
        name="Market Street",
        postcode="hr49aa",
        needs=[Need.SEMH, Need.VOCATIONAL],
        places={KeyStage.KS3: 4, KeyStage.KS4: 6, KeyStage.KS2: 0},
    )
    assert (site.postcode, site.postcode_district) == ("HR4 9AA", "HR4")
    assert set(site.needs.values_list("need", flat=True)) == {Need.SEMH, Need.VOCATIONAL}
    assert dict(site.capacities.values_list("key_stage", "places")) == {KeyStage.KS3: 4, KeyStage.KS4: 6}
    capacity_set(site=site, author=la_officer, places={KeyStage.KS3: 0, KeyStage.KS4: 8})
    assert dict(site.capacities.values_list("key_stage", "places")) == {KeyStage.KS4: 8}


def test_malformed_postcode_is_refused_and_nothing_saved(approved_provider, la_officer):
    with pytest.raises(ValidationError, match="postcode"):
        site_add(provider=approved_provider, author=la_officer, name="Nowhere", postcode="NOT A CODE")
    assert not approved_provider.sites.exists()


def test_register_and_update_validate_identifiers(la, la_officer):
    provider = provider_register(la=la, name="New Horizons AP", author=la_officer, provider_type="non_school_ap")
    assert provider.status == "applied"
    assert provider.approval_changes.get().to_status == "applied"
    for field, value in (("urn", "12345"), ("ukprn", "20012345"), ("company_number", "ABC")):
        with pytest.raises(ValidationError):
            provider_update(provider=provider, author=la_officer, **{field: value})
    provider_update(provider=provider, author=la_officer, urn="123456", ukprn="10012345", company_number="SC123456")


def test_provider_users_edit_their_own_offer_and_contacts_only(provider, provider_user, approved_provider):
    provider_update_offer(provider=provider, author=provider_user, description="Construction skills")
    contact_save(provider=provider, author=provider_user, name="Dee Lead", is_designated_safeguarding_lead=True)
    provider.refresh_from_db()
    assert provider.description == "Construction skills"
    assert provider.contacts.get().is_designated_safeguarding_lead
    with pytest.raises(PermissionDenied):
        provider_update_offer(provider=approved_provider, author=provider_user, description="Hijack")
    with pytest.raises(PermissionDenied):
        provider_update(provider=provider, author=provider_user, urn="654321")


def test_provider_price_change_waits_for_an_officer(provider, provider_user, la_officer):
    payload = {"site_id": None, "unit": "day", "amount": "120.00", "effective_from": "2026-09-01", "effective_to": None}
    request = change_request_submit(
        provider=provider, author=provider_user, kind=ChangeKind.PRICE, payload=payload, summary="£120 per day"
    )
    assert not Price.objects.exists()
    change_request_decide(request=request, author=la_officer, approve=True)
    request.refresh_from_db()
    assert request.status == ChangeStatus.APPROVED
    assert Price.objects.get().amount == Decimal("120.00")


def test_provider_capacity_change_waits_for_an_officer(provider, provider_user, la_officer):
    site = SiteFactory(provider=provider)
    request = change_request_submit(
        provider=provider,
        author=provider_user,
        kind=ChangeKind.CAPACITY,
        payload={"site_id": site.pk, "places": {"ks4": 5}},
        summary="5 places at KS4",
    )
    assert not SiteCapacity.objects.exists()
    with pytest.raises(ValidationError, match="reason"):
        change_request_decide(request=request, author=la_officer, approve=False)
    change_request_decide(request=request, author=la_officer, approve=True)
    assert SiteCapacity.objects.get(site=site).places == 5


def test_approving_an_overlapping_price_request_is_refused_and_it_stays_waiting(provider, provider_user, la_officer):
    PriceFactory(provider=provider, effective_from=D(2026, 9, 1))
    payload = {"site_id": None, "unit": "day", "amount": "120.00", "effective_from": "2027-01-01", "effective_to": None}
    request = change_request_submit(
        provider=provider, author=provider_user, kind=ChangeKind.PRICE, payload=payload, summary="£120 per day"
    )
    with pytest.raises(ValidationError, match="overlap"):
        change_request_decide(request=request, author=la_officer, approve=True)
    request.refresh_from_db()
    assert request.status == ChangeStatus.PENDING
    assert Price.objects.count() == 1


def test_officers_cannot_submit_change_requests_as_the_provider(provider, la_officer):
    with pytest.raises(PermissionDenied):
        change_request_submit(provider=provider, author=la_officer, kind=ChangeKind.PRICE, payload={}, summary="x")
