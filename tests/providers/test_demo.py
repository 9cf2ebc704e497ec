"""The demo seed: about 25 providers across types and states, idempotent."""

import io

from apcommission.core.models import Role
from providers import demo
from providers.choices import ApprovalStatus
from providers.models import ComplianceDocument, Provider, QAReview
from providers.services import approving_review
from tests.conftest import _member
from tests.factories import SchoolFactory


def test_demo_seed_is_idempotent_and_covers_the_lifecycle(la):
    _member(Role.LA_OFFICER, la)
    _member(Role.LA_MANAGER, la)
    schools = [SchoolFactory(organisation__local_authority=la) for _ in range(2)]
    out = io.StringIO()
    demo.seed(la=la, schools=schools, stdout=out)
    counts = (Provider.objects.count(), QAReview.objects.count(), ComplianceDocument.objects.count())
    demo.seed(la=la, schools=schools, stdout=out)
    assert (Provider.objects.count(), QAReview.objects.count(), ComplianceDocument.objects.count()) == counts
    assert 24 <= counts[0] <= 30
    assert set(Provider.objects.values_list("status", flat=True)) == set(ApprovalStatus.values)
    assert len(set(Provider.objects.values_list("provider_type", flat=True))) == 11
    assert Provider.objects.filter(organisation__name=demo.DEMO_PROVIDER_NAME).get().is_bookable
    assert QAReview.objects.filter(moderated_by__isnull=True).exists()
    assert ComplianceDocument.objects.expired_on(la.created_on.date()).exists()
    for provider in Provider.objects.bookable():
        assert approving_review(provider) is not None, provider


def test_demo_seed_without_officers_does_nothing(la):
    out = io.StringIO()
    demo.seed(la=la, schools=[], stdout=out)
    assert not Provider.objects.exists()
    assert "no LA officers" in out.getvalue()
