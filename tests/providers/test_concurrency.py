"""Two officers adding clashing prices at the same moment: the provider row lock lets one win."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from apcommission.core.models import Role
from providers.models import Price
from providers.services import price_add
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory
from tests.providers.factories import ProviderFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_prices_create_one():
    """Mutation tried: `providers.services._common.locked` reading the provider row without
    `select_for_update` adds both prices (['added', 'added']), three runs out of three."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    la = LocalAuthorityFactory()
    provider = ProviderFactory(organisation__local_authority=la)
    officers = []
    for _ in range(2):
        officer = UserFactory()
        MembershipFactory(user=officer, organisation=la, role=Role.LA_OFFICER)
        officers.append(officer)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(officer, amount):
        try:
            barrier.wait()
            price_add(
                provider=provider,
                author=officer,
                unit="day",
                amount=Decimal(amount),
                effective_from=dt.date(2026, 9, 1),
            )
            outcomes.append("added")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(o, a)) for o, a in zip(officers, ("90", "95"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "refused"]
    assert Price.objects.filter(provider=provider).count() == 1
