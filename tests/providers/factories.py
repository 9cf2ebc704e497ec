import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apcommission.core.models import KeyStage, Need
from providers.models import ApprovalStatus, Price, PriceUnit, Provider, ProviderType, Site, SiteCapacity, SiteNeed
from tests.factories import ProviderOrganisationFactory


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    organisation = factory.SubFactory(ProviderOrganisationFactory)
    provider_type = ProviderType.REGISTERED_INDEPENDENT_AP
    status = ApprovalStatus.APPROVED
    ukprn = factory.Sequence(lambda n: f"1{n:07d}")


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postcode = "HR4 9AA"
    postcode_district = "HR4"


class SiteCapacityFactory(DjangoModelFactory):
    class Meta:
        model = SiteCapacity

    site = factory.SubFactory(SiteFactory)
    key_stage = KeyStage.KS4
    places = 3


class SiteNeedFactory(DjangoModelFactory):
    class Meta:
        model = SiteNeed

    site = factory.SubFactory(SiteFactory)
    need = Need.SEMH


class PriceFactory(DjangoModelFactory):
    class Meta:
        model = Price

    provider = factory.SubFactory(ProviderFactory)
    unit = PriceUnit.DAY
    amount = Decimal("95.00")
    effective_from = dt.date(2026, 9, 1)


# --- QA, documents, concerns, feedback and change requests (added with the providers issue) ---

from django.core.files.base import ContentFile  # noqa: E402
from django.utils import timezone  # noqa: E402

from providers.choices import (  # noqa: E402
    ChangeKind,
    ConcernStatus,
    DocumentKind,
    FeedbackRating,
    QAGroup,
    QAOutcome,
    Term,
)
from providers.models import (  # noqa: E402
    ChangeRequest,
    ComplianceDocument,
    Concern,
    Contact,
    Feedback,
    QAChecklistItem,
    QAReview,
)
from tests.factories import LocalAuthorityFactory, UserFactory  # noqa: E402

#: A minimal valid PDF: enough for content sniffing (starts with %PDF-).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Faker("name")
    job_title = "Head of centre"
    email = factory.Sequence(lambda n: f"contact{n}@provider.example.org")


class QAChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = QAChecklistItem

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    code = factory.Sequence(lambda n: f"check-{n}")
    title = factory.Sequence(lambda n: f"Check {n}")
    group = QAGroup.SAFEGUARDING
    order = factory.Sequence(lambda n: n)


class QAReviewFactory(DjangoModelFactory):
    """An approving review, not yet moderated (pass moderated_by=... to moderate it)."""

    class Meta:
        model = QAReview

    provider = factory.SubFactory(ProviderFactory)
    author = factory.SubFactory(UserFactory)
    reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    outcome = QAOutcome.APPROVE
    next_review_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=358))
    moderated_at = factory.LazyAttribute(lambda o: timezone.now() if o.moderated_by else None)
    moderated_by = None


class ComplianceDocumentFactory(DjangoModelFactory):
    class Meta:
        model = ComplianceDocument

    provider = factory.SubFactory(ProviderFactory)
    kind = DocumentKind.INSURANCE
    title = "Public liability insurance"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=200))
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="insurance.pdf"))
    original_name = "insurance.pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.SubFactory(UserFactory)


class ConcernFactory(DjangoModelFactory):
    class Meta:
        model = Concern

    provider = factory.SubFactory(ProviderFactory)
    reported_by = factory.SubFactory(UserFactory)
    reporting_organisation = factory.LazyAttribute(lambda o: o.provider.organisation.local_authority)
    summary = "Pupil left site unsupervised"
    details = "A pupil was seen leaving the site during the morning session."
    status = ConcernStatus.OPEN


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    provider = factory.SubFactory(ProviderFactory)
    school = factory.LazyAttribute(lambda o: o.provider.organisation.local_authority)
    author = factory.SubFactory(UserFactory)
    academic_year = 2026
    term = Term.AUTUMN
    rating = FeedbackRating.GOOD
    comments = "Good communication about attendance."


class ChangeRequestFactory(DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    provider = factory.SubFactory(ProviderFactory)
    kind = ChangeKind.PRICE
    payload = factory.LazyFunction(
        lambda: {
            "site_id": None,
            "unit": "day",
            "amount": "110.00",
            "effective_from": "2027-09-01",
            "effective_to": None,
            "description": "",
        }
    )
    summary = "£110.00 per day from 01/09/2027"
    requested_by = factory.SubFactory(UserFactory)
