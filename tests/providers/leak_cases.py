"""Every providers URL, for the leak matrix (tests/leak_matrix.py). Provider A is approved and
owned by the world; a third provider under review must stay invisible to schools."""

from django.urls import reverse

from apcommission.core.models import Need
from providers.choices import ApprovalStatus
from tests.factories import UserFactory
from tests.leak_matrix import LA_STAFF, LeakCase
from tests.providers.factories import (
    ChangeRequestFactory,
    ComplianceDocumentFactory,
    ConcernFactory,
    ContactFactory,
    FeedbackFactory,
    ProviderFactory,
    QAChecklistItemFactory,
    QAReviewFactory,
    SiteCapacityFactory,
    SiteFactory,
    SiteNeedFactory,
)

OFFICERS = frozenset({"la_officer", "la_manager", "administrator"})
SCHOOLS = frozenset({"senco_a", "senco_b"})
OWN_A = frozenset({"provider_user_a"})


def leak_cases(world):
    a = world.provider_a
    site = SiteFactory(provider=a, name="Alder Site")
    SiteNeedFactory(site=site, need=Need.SEMH)
    SiteCapacityFactory(site=site)
    contact = ContactFactory(provider=a, name="Dora Secret-Contact")
    hidden = ProviderFactory(
        organisation__name="Hidden Secret Provider Under Review",
        organisation__local_authority=world.la,
        status=ApprovalStatus.UNDER_REVIEW,
    )
    author = UserFactory(email="qa-author@leak.test")
    review = QAReviewFactory(provider=a, author=author, summary="QA-SECRET finding about premises")
    item = QAChecklistItemFactory(local_authority=world.la, title="Checklist secret item")
    evidence_review = QAReviewFactory(provider=a, author=author)
    from django.core.files.base import ContentFile

    from providers.models import QAEvidence
    from tests.providers.factories import PDF_BYTES

    evidence = QAEvidence.objects.create(
        review=evidence_review,
        file=ContentFile(PDF_BYTES + b"EVIDENCE-SECRET", name="evidence.pdf"),
        original_name="evidence.pdf",
        size=len(PDF_BYTES) + 15,
        uploaded_by=author,
    )
    document = ComplianceDocumentFactory(
        provider=a, title="Document secret title", file=ContentFile(PDF_BYTES + b"DOC-SECRET", name="d.pdf")
    )
    concern = ConcernFactory(
        provider=a,
        reporting_organisation=world.school_a.organisation,
        summary="Concern-secret summary",
        details="CONCERN-SECRET details",
    )
    FeedbackFactory(provider=a, school=world.school_a.organisation, comments="FEEDBACK-SECRET comment")
    change = ChangeRequestFactory(provider=a, summary="Change-secret request")

    everyone_who_sees_a = LA_STAFF | SCHOOLS | OWN_A
    return [
        LeakCase(reverse("providers:register"), LA_STAFF, ("Hidden Secret Provider Under Review",)),
        LeakCase(reverse("providers:provider-add"), OFFICERS),
        LeakCase(reverse("providers:approved-list"), LA_STAFF | SCHOOLS, ("Hidden Secret Provider",)),
        LeakCase(reverse("providers:approved-csv"), LA_STAFF | SCHOOLS, ("Hidden Secret Provider",)),
        LeakCase(reverse("providers:approved-pdf"), LA_STAFF | SCHOOLS),
        LeakCase(reverse("providers:gap-analysis"), OFFICERS),
        LeakCase(reverse("providers:gap-analysis-csv"), OFFICERS),
        LeakCase(reverse("providers:detail", args=[a.pk]), everyone_who_sees_a, ("Dora Secret-Contact",)),
        LeakCase(reverse("providers:detail", args=[hidden.pk]), LA_STAFF, ("Hidden Secret Provider",)),
        LeakCase(reverse("providers:edit", args=[a.pk]), OFFICERS),
        LeakCase(reverse("providers:status", args=[a.pk]), OFFICERS),
        LeakCase(reverse("providers:offer-edit", args=[a.pk]), OFFICERS | OWN_A),
        LeakCase(
            reverse("providers:contact-add", args=[a.pk]),
            OFFICERS | OWN_A,
            post={"name": "Posted Contact", "email": "posted@leak.test", "telephone": "01632 960001"},
        ),
        LeakCase(reverse("providers:contact-edit", args=[contact.pk]), OFFICERS | OWN_A, ("Dora Secret-Contact",)),
        LeakCase(reverse("providers:site-add", args=[a.pk]), OFFICERS),
        LeakCase(reverse("providers:capacity-edit", args=[site.pk]), OFFICERS | OWN_A, ("Alder Site",)),
        LeakCase(reverse("providers:price-add", args=[a.pk]), OFFICERS | OWN_A),
        LeakCase(reverse("providers:change-requests"), OFFICERS, ("Change-secret request",)),
        LeakCase(reverse("providers:change-request-decide", args=[change.pk]), OFFICERS, ("Change-secret request",)),
        LeakCase(reverse("providers:qa-reviews"), LA_STAFF, ("Aardvark Secret Provider A",)),
        LeakCase(reverse("providers:qa-review-add", args=[a.pk]), OFFICERS),
        LeakCase(reverse("providers:qa-review-detail", args=[review.pk]), LA_STAFF, ("QA-SECRET",)),
        LeakCase(reverse("providers:qa-review-moderate", args=[review.pk]), OFFICERS),
        LeakCase(reverse("providers:qa-evidence", args=[evidence.pk]), LA_STAFF, ("EVIDENCE-SECRET",)),
        LeakCase(reverse("providers:qa-checklist"), frozenset({"administrator"}), ("Checklist secret item",)),
        LeakCase(reverse("providers:qa-checklist-item-add"), frozenset({"administrator"})),
        LeakCase(
            reverse("providers:qa-checklist-item-edit", args=[item.pk]),
            frozenset({"administrator"}),
            ("Checklist secret item",),
        ),
        LeakCase(reverse("providers:documents"), LA_STAFF),
        LeakCase(reverse("providers:document-add", args=[a.pk]), OFFICERS | OWN_A),
        LeakCase(reverse("providers:document-download", args=[document.pk]), LA_STAFF | OWN_A, ("DOC-SECRET",)),
        LeakCase(reverse("providers:concerns"), LA_STAFF | SCHOOLS, ("Concern-secret summary",)),
        LeakCase(reverse("providers:concern-add", args=[a.pk]), OFFICERS | SCHOOLS),
        LeakCase(reverse("providers:concern-detail", args=[concern.pk]), LA_STAFF | {"senco_a"}, ("CONCERN-SECRET",)),
        LeakCase(reverse("providers:feedback-list"), LA_STAFF | SCHOOLS, ("FEEDBACK-SECRET",)),
        LeakCase(reverse("providers:feedback-add", args=[a.pk]), SCHOOLS),
    ]
