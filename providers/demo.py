"""Demo data for the provider register: about 25 fictional Marchshire providers across the types
and lifecycle states, with sites, places, prices, QA reviews (moderated and not), compliance
documents (some expired), a few concerns and termly feedback.

Called by `manage.py seed_demo` after the core's LA, schools and demo users exist. Idempotent:
every row is found by its natural key (provider name in the LA, site name, price unit and start,
review date, document kind, concern summary, feedback term). Postcodes use the area "MQ", a valid
format but not a real postcode area. Creates no users: reviews are recorded by the LA's demo officers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from apcommission.core.demo import DEMO_PROVIDER_NAME
from apcommission.core.models import KeyStage, Membership, Need, Organisation, OrganisationKind, Role, User

from .choices import (
    ApprovalStatus,
    ConcernStatus,
    DocumentKind,
    FeedbackRating,
    OfstedJudgement,
    PriceUnit,
    ProviderType,
    QAOutcome,
    QAResult,
    RegistrationStatus,
    Term,
)
from .models import (
    ApprovalChange,
    ComplianceDocument,
    Concern,
    Contact,
    Feedback,
    Price,
    Provider,
    QAItemResult,
    QAReview,
    Site,
    SiteCapacity,
    SiteNeed,
)
from .placement_facts import placement_facts
from .services import qa_checklist_ensure_default

#: The provider the demo provider user (provider@demo.apcommission.test) works for.

T, S, N, K, U = ProviderType, ApprovalStatus, Need, KeyStage, PriceUnit
PDF_BYTES = b"%PDF-1.4\n% demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class DemoProvider:
    name: str
    provider_type: str
    status: str
    district: str
    needs: tuple[str, ...]
    places: dict
    price: tuple[str, str]
    ofsted: str = OfstedJudgement.NOT_INSPECTED
    urn: str = ""
    ukprn: str = ""
    company_number: str = ""
    conditions: str = ""


P = DemoProvider
PROVIDERS: tuple[DemoProvider, ...] = (
    P(DEMO_PROVIDER_NAME, T.REGISTERED_INDEPENDENT_AP, S.APPROVED, "MQ1", (N.VOCATIONAL, N.SEMH),
      {K.KS3: 6, K.KS4: 12}, (U.DAY, "95.00"), OfstedJudgement.GOOD, "991101", "10091101"),
    P("Marchbrook Pupil Referral Unit", T.PRU, S.APPROVED, "MQ2", (N.SEMH,), {K.KS3: 16, K.KS4: 24},
      (U.PLACE_YEAR, "18000.00"), OfstedJudgement.GOOD, "991102"),
    P("Hill Farm Learning", T.NON_SCHOOL_AP, S.APPROVED, "MQ7", (N.VOCATIONAL, N.ANXIETY_EBSA),
      {K.KS3: 4, K.KS4: 4}, (U.SESSION, "55.00"), company_number="09123456"),
    P("Kestrel Online Academy", T.ONLINE, S.APPROVED, "MQ3", (N.ONLINE, N.ANXIETY_EBSA, N.MEDICAL),
      {K.KS2: 5, K.KS3: 10, K.KS4: 10}, (U.HOUR, "28.50"), company_number="11223344"),
    P("Marchshire Hospital Education Service", T.HOSPITAL, S.APPROVED, "MQ2", (N.MEDICAL, N.TUITION),
      {K.KS1: 2, K.KS2: 4, K.KS3: 6, K.KS4: 6}, (U.HOUR, "65.00"), OfstedJudgement.OUTSTANDING, "991103"),
    P("Marchshire Home and Hospital Tuition", T.LA_TUITION, S.APPROVED, "MQ1", (N.TUITION, N.MEDICAL),
      {K.KS2: 3, K.KS3: 5, K.KS4: 5}, (U.HOUR, "65.00")),
    P("Westgate Motor Skills", T.NON_SCHOOL_AP, S.APPROVED_WITH_CONDITIONS, "MQ4", (N.VOCATIONAL,),
      {K.KS4: 8}, (U.DAY, "110.00"), company_number="08765432",
      conditions="Send attendance to the home school by 10am each day; DBS renewal for two staff by half term."),
    P("Riverside Equine Therapy", T.NON_SCHOOL_AP, S.APPROVED, "MQ6", (N.SEMH, N.ANXIETY_EBSA),
      {K.KS2: 3, K.KS3: 3}, (U.SESSION, "75.00"), company_number="10987654"),
    P("Oakwood AP Academy", T.AP_ACADEMY, S.APPROVED, "MQ3", (N.SEMH,), {K.KS3: 20, K.KS4: 30},
      (U.PLACE_YEAR, "19500.00"), OfstedJudgement.GOOD, "991104", "10091104"),
    P("Northfield AP Free School", T.AP_FREE_SCHOOL, S.APPROVED, "MQ5", (N.SEMH, N.VOCATIONAL),
      {K.KS4: 24}, (U.PLACE_YEAR, "19000.00"), OfstedJudgement.REQUIRES_IMPROVEMENT, "991105", "10091105"),
    P("Brookfield SEMH School", T.SPECIAL, S.APPROVED, "MQ2", (N.SEMH,), {K.KS1: 4, K.KS2: 8},
      (U.PLACE_YEAR, "24000.00"), OfstedJudgement.GOOD, "991106"),
    P("Marchshire College of Further Education", T.FE_COLLEGE, S.APPROVED, "MQ1", (N.VOCATIONAL,),
      {K.KS4: 30, K.KS5: 40}, (U.WEEK, "310.00"), OfstedJudgement.GOOD, "991107", "10091107"),
    P("Canal Side Boxing Academy", T.NON_SCHOOL_AP, S.APPROVED_WITH_CONDITIONS, "MQ4", (N.SEMH, N.OUTREACH),
      {K.KS3: 6, K.KS4: 6}, (U.SESSION, "60.00"), company_number="12345678",
      conditions="Second first-aider on site at every session."),
    P("Greenway Forest School", T.NON_SCHOOL_AP, S.APPROVED, "MQ8", (N.ANXIETY_EBSA, N.OUTREACH),
      {K.KS2: 6, K.KS3: 4}, (U.DAY, "85.00"), company_number="13579246"),
    P("Beacon Mentoring", T.NON_SCHOOL_AP, S.APPROVED, "MQ5", (N.OUTREACH, N.SEMH), {K.KS3: 8, K.KS4: 8},
      (U.HOUR, "45.00"), company_number="SC123456"),
    P("Lantern Independent School", T.INDEPENDENT_SCHOOL, S.APPROVED_WITH_CONDITIONS, "MQ6", (N.SEMH, N.MEDICAL),
      {K.KS3: 5, K.KS4: 5}, (U.PLACE_YEAR, "42000.00"), OfstedJudgement.REQUIRES_IMPROVEMENT, "991108",
      conditions="Action plan after the Ofsted inspection shared with the LA each half term."),
    P("Summit Tuition Online", T.ONLINE, S.APPROVED, "MQ3", (N.ONLINE, N.TUITION), {K.KS3: 12, K.KS4: 12},
      (U.HOUR, "32.00"), company_number="07654321"),
    P("Harbour Registered AP", T.REGISTERED_INDEPENDENT_AP, S.APPROVED, "MQ4", (N.SEMH, N.VOCATIONAL),
      {K.KS4: 10}, (U.DAY, "120.00"), OfstedJudgement.GOOD, "991109"),
    P("Willow Wellbeing Centre", T.NON_SCHOOL_AP, S.UNDER_REVIEW, "MQ7", (N.ANXIETY_EBSA,), {K.KS3: 6},
      (U.SESSION, "65.00"), company_number="14725836"),
    P("Trackside Engineering Skills", T.NON_SCHOOL_AP, S.UNDER_REVIEW, "MQ4", (N.VOCATIONAL,), {K.KS4: 6},
      (U.DAY, "105.00"), company_number="15935748"),
    P("Phoenix Arts Collective", T.NON_SCHOOL_AP, S.UNDER_REVIEW, "MQ1", (N.SEMH, N.ANXIETY_EBSA),
      {K.KS2: 4, K.KS3: 4}, (U.SESSION, "50.00"), company_number="16048260"),
    P("New Leaf Tutoring", T.NON_SCHOOL_AP, S.APPLIED, "MQ5", (N.TUITION,), {K.KS2: 4, K.KS3: 4},
      (U.HOUR, "40.00"), company_number="17171717"),
    P("Crossroads Youth Project", T.NON_SCHOOL_AP, S.APPLIED, "MQ8", (N.OUTREACH,), {K.KS4: 5},
      (U.SESSION, "45.00")),
    P("Quarry Lane Activity Centre", T.NON_SCHOOL_AP, S.SUSPENDED, "MQ7", (N.VOCATIONAL, N.SEMH), {K.KS4: 8},
      (U.DAY, "90.00"), company_number="18181818"),
    P("Eastfield Learning Base", T.NON_SCHOOL_AP, S.SUSPENDED, "MQ6", (N.SEMH,), {K.KS3: 6, K.KS4: 6},
      (U.DAY, "100.00"), company_number="19191919"),
    P("Old Mill Skills Workshop", T.NON_SCHOOL_AP, S.DECOMMISSIONED, "MQ2", (N.VOCATIONAL,), {K.KS4: 6},
      (U.DAY, "80.00"), company_number="20202020"),
)  # fmt: skip

HISTORY = {
    S.APPLIED: [S.APPLIED],
    S.UNDER_REVIEW: [S.APPLIED, S.UNDER_REVIEW],
    S.APPROVED: [S.APPLIED, S.UNDER_REVIEW, S.APPROVED],
    S.APPROVED_WITH_CONDITIONS: [S.APPLIED, S.UNDER_REVIEW, S.APPROVED_WITH_CONDITIONS],
    S.SUSPENDED: [S.APPLIED, S.UNDER_REVIEW, S.APPROVED, S.SUSPENDED],
    S.DECOMMISSIONED: [S.APPLIED, S.UNDER_REVIEW, S.APPROVED, S.SUSPENDED, S.DECOMMISSIONED],
}
REASONS = {
    S.APPLIED: "Applied to join the register",
    S.UNDER_REVIEW: "QA visit booked",
    S.APPROVED: "Moderated QA review met every check",
    S.APPROVED_WITH_CONDITIONS: "Moderated QA review: approved with conditions",
    S.SUSPENDED: "Safeguarding concern under investigation",
    S.DECOMMISSIONED: "Did not meet the standard after suspension (Havering: de-commissioning)",
}


def _officers(la: Organisation):
    """Two different LA staff to author and moderate reviews (officer first, then manager)."""
    memberships = (
        Membership.objects.filter(organisation=la, is_active=True, role__in=[Role.LA_OFFICER, Role.LA_MANAGER])
        .select_related("user")
        .order_by("role", "user__email")
    )
    users = []
    for membership in memberships:
        if membership.user not in users:
            users.append(membership.user)
    return users


def _provider(la: Organisation, spec: DemoProvider, index: int) -> Provider:
    organisation, _ = Organisation.objects.get_or_create(
        kind=OrganisationKind.PROVIDER, name=spec.name, local_authority=la
    )
    slug = "".join(c for c in spec.name.lower() if c.isalnum())[:20]
    provider, _ = Provider.objects.update_or_create(
        organisation=organisation,
        defaults={
            "provider_type": spec.provider_type,
            "status": spec.status,
            "conditions": spec.conditions,
            "urn": spec.urn,
            "ukprn": spec.ukprn,
            "company_number": spec.company_number,
            "ofsted_judgement": spec.ofsted,
            "ofsted_date": dt.date(2024, 3, 12) if spec.ofsted != OfstedJudgement.NOT_INSPECTED else None,
            "registration_status": RegistrationStatus.REGISTERED if spec.urn else RegistrationStatus.NOT_REQUIRED,
            "description": f"{spec.name} offers {', '.join(Need(n).label.lower() for n in spec.needs)}.",
            "email": f"enquiries@{slug}.example.org",
            "telephone": f"01632 960{index:03d}",  # Ofcom's range for drama: never a real number
        },
    )
    return provider


def _sites(provider: Provider, spec: DemoProvider) -> Site:
    site, _ = Site.objects.get_or_create(
        provider=provider,
        name="Main site",
        defaults={"postcode": f"{spec.district} 4AB", "postcode_district": spec.district, "address": "1 High Street"},
    )
    for need in spec.needs:
        SiteNeed.objects.get_or_create(site=site, need=need)
    for key_stage, places in spec.places.items():
        SiteCapacity.objects.update_or_create(site=site, key_stage=key_stage, defaults={"places": places})
    return site


def _prices(provider: Provider, spec: DemoProvider, today: dt.date) -> None:
    unit, amount = spec.price
    start = dt.date(today.year - 1, 9, 1)
    Price.objects.get_or_create(
        provider=provider,
        site=None,
        unit=unit,
        effective_from=start,
        defaults={"amount": Decimal(amount), "effective_to": None},
    )


def _history(provider: Provider, spec: DemoProvider, author, today: dt.date) -> None:
    if provider.approval_changes.exists():
        return
    steps = HISTORY[spec.status]
    previous = ""
    for n, status in enumerate(steps):
        at = timezone.now() - dt.timedelta(days=30 * (len(steps) - n) + 10)
        ApprovalChange.objects.create(
            provider=provider, from_status=previous, to_status=status, reason=REASONS[status], author=author, at=at
        )
        previous = status


def _review(provider, spec, items, author, moderator, today) -> None:
    """A QA review: moderated for providers that were approved at some point, awaiting moderation
    for those under review."""
    approved_once = spec.status in (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.SUSPENDED, S.DECOMMISSIONED)
    if spec.status == S.APPLIED:
        return
    reviewed_on = today - dt.timedelta(days=60 if approved_once else 5)
    outcome = QAOutcome.APPROVE_WITH_CONDITIONS if spec.conditions else QAOutcome.APPROVE
    review, created = QAReview.objects.get_or_create(
        provider=provider,
        reviewed_on=reviewed_on,
        defaults={
            "author": author,
            "outcome": outcome,
            "conditions": spec.conditions,
            "summary": "Visit to the main site; policies, single central record and insurance seen.",
            "next_review_date": reviewed_on + dt.timedelta(days=365),
            "moderated_by": moderator if approved_once else None,
            "moderated_at": timezone.now() - dt.timedelta(days=50) if approved_once else None,
        },
    )
    if created:
        QAItemResult.objects.bulk_create(
            [
                QAItemResult(
                    review=review,
                    item=item,
                    item_title=item.title,
                    group=item.group,
                    order=item.order,
                    result=QAResult.NOT_MET if spec.conditions and n == 3 else QAResult.MET,
                    notes="Seen on the visit." if n % 3 == 0 else "",
                )
                for n, item in enumerate(items)
            ]
        )


def _documents(provider, spec, index, author, today) -> None:
    kinds = [DocumentKind.INSURANCE, DocumentKind.SAFEGUARDING_LETTER, DocumentKind.SIGNED_CONTRACT]
    for n, kind in enumerate(kinds):
        if ComplianceDocument.objects.filter(provider=provider, kind=kind).exists():
            continue
        # Every fifth provider's insurance has expired; every seventh's letter expires within 30 days.
        if kind == DocumentKind.INSURANCE and index % 5 == 2:
            expires = today - dt.timedelta(days=12)
        elif kind == DocumentKind.SAFEGUARDING_LETTER and index % 7 == 3:
            expires = today + dt.timedelta(days=20)
        elif kind == DocumentKind.SIGNED_CONTRACT:
            expires = None
        else:
            expires = today + dt.timedelta(days=180 + 30 * n)
        name = f"{kind}.pdf"
        ComplianceDocument.objects.create(
            provider=provider,
            kind=kind,
            title=DocumentKind(kind).label,
            issued_on=today - dt.timedelta(days=200),
            expires_on=expires,
            file=ContentFile(PDF_BYTES, name=name),
            original_name=name,
            size=len(PDF_BYTES),
            uploaded_by=author,
        )


def _contacts(provider: Provider, spec: DemoProvider) -> None:
    Contact.objects.get_or_create(
        provider=provider,
        name="Jordan Ashby" if len(spec.name) % 2 else "Sam Okafor",
        defaults={"job_title": "Designated safeguarding lead", "is_designated_safeguarding_lead": True},
    )


CONCERNS = (
    ("Quarry Lane Activity Centre", "Pupil left site unsupervised", ConcernStatus.INVESTIGATING, ""),
    ("Eastfield Learning Base", "Attendance not reported for a week", ConcernStatus.OPEN, ""),
    ("Canal Side Boxing Academy", "No first-aider at an afternoon session", ConcernStatus.CLOSED,
     "Visited; second first-aider now a condition of approval."),
)  # fmt: skip


FEEDBACK = ((DEMO_PROVIDER_NAME, FeedbackRating.VERY_GOOD), ("Hill Farm Learning", FeedbackRating.GOOD))


def seed_feedback(*, la: Organisation, schools: list, stdout) -> None:
    """Termly feedback from the demo SENCOs' schools on providers their pupils attended (run after
    the placements demo: feedback comes only from schools that used the provider)."""
    today = timezone.localdate()
    providers = {
        p.name: p for p in Provider.objects.filter(organisation__local_authority=la).select_related("organisation")
    }
    added = 0
    for school in schools[:2]:
        author = User.objects.filter(
            memberships__organisation=school.organisation, memberships__role=Role.SCHOOL_USER
        ).first()
        for name, rating in FEEDBACK:
            provider = providers.get(name)
            if (
                author is None
                or provider is None
                or not placement_facts.school_has_used_provider(school_org_id=school.organisation_id, provider=provider)
            ):
                continue
            _feedback, created = Feedback.objects.get_or_create(
                provider=provider,
                school=school.organisation,
                academic_year=today.year - 1 if today.month < 9 else today.year,
                term=Term.AUTUMN,
                defaults={"author": author, "rating": rating, "comments": "Clear reports and good attendance."},
            )
            added += created
    stdout.write(f"providers (feedback): {added} termly feedback entries added")


def seed(*, la: Organisation, schools: list, stdout) -> None:
    """Load the demo providers for `la` (see the module docstring)."""
    today = timezone.localdate()
    officers = _officers(la)
    if not officers:
        stdout.write("providers: no LA officers yet, so no demo providers (run the core seed first)")
        return
    author, moderator = officers[0], officers[1] if len(officers) > 1 else None
    items = qa_checklist_ensure_default(la=la)
    by_name = {}
    for index, spec in enumerate(PROVIDERS):
        provider = _provider(la, spec, index)
        by_name[spec.name] = provider
        _sites(provider, spec)
        _prices(provider, spec, today)
        _contacts(provider, spec)
        _history(provider, spec, author, today)
        if moderator is not None:
            _review(provider, spec, items, author, moderator, today)
        _documents(provider, spec, index, author, today)
    school_orgs = [s.organisation for s in schools[:2]]
    for n, (name, summary, status, outcome) in enumerate(CONCERNS):
        reporter = school_orgs[n % len(school_orgs)] if school_orgs else la
        Concern.objects.get_or_create(
            provider=by_name[name],
            summary=summary,
            defaults={
                "reported_by": author,
                "reporting_organisation": reporter,
                "details": f"{summary}. Reported to the LA commissioning team.",
                "status": status,
                "outcome": outcome,
                "closed_on": today - dt.timedelta(days=10) if status == ConcernStatus.CLOSED else None,
            },
        )
    approved = sum(1 for s in PROVIDERS if s.status in (S.APPROVED, S.APPROVED_WITH_CONDITIONS))
    stdout.write(
        f"providers: {len(PROVIDERS)} demo providers ({approved} approved), with sites, places, QA and documents"
    )
