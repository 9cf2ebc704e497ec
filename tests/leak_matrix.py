"""The leak matrix's shared parts: a world of two LAs, and the case type.

LA 1 ("Leakshire") has two schools (A, B), two approved providers (A, B) and a user for every role
key; LA 2 ("Farshire") has its own school C, provider C, staff and a record of every kind, with
distinctive names. Each app lists its URLs in `tests/<app>/leak_cases.py` as
`def leak_cases(world) -> list[LeakCase]`, creating whatever objects it needs *owned by school A /
provider A*, with distinctive text in `secrets`. tests/test_leak_matrix.py then requests every case
as every role of LA 1 and reads every response (HTML, CSV and PDF text):

- a role outside `allowed` gets 403/404 (404 only when the case is `pupil_level`), anonymous users
  the sign-in redirect, and nobody outside `allowed` sees a case's `secrets`;
- a role inside `allowed` gets 200;
- whatever the status, no role sees the text `world.never_shown[role]` lists: everything of LA 2
  for every role of LA 1, school B's pupil for school A and provider A (and the other way round),
  any pupil for Schools Forum members and people with no membership.

`other_la_cases(world)` adds LA 2's record pages: no role of LA 1 may open any of them.
A companion test walks the URL resolver and fails when a view has no case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import resolve, reverse

from apcommission.core.models import Role

#: Every role key the matrix signs in as. "stranger" is signed in with no membership.
ROLE_KEYS = (
    "la_officer",
    "la_manager",
    "la_finance",
    "administrator",
    "forum_member",
    "senco_a",
    "senco_b",
    "provider_user_a",
    "provider_user_b",
    "stranger",
    "anonymous",
)
LA_STAFF = frozenset({"la_officer", "la_manager", "la_finance", "administrator"})
EVERYONE_SIGNED_IN = frozenset(ROLE_KEYS) - {"anonymous"}
#: Roles that may never see any pupil of anyone.
NO_PUPILS = frozenset({"forum_member", "stranger", "anonymous"})

#: LA 2's records: text that no role of LA 1 may ever read, on any page.
OTHER_LA = "Farshire Borough Council"
OTHER_SCHOOL = "Cwmfar Distant School C"
OTHER_PROVIDER = "Corvid Distant Provider C"
OTHER_PUPIL = "Ffion Farawaypupil"
OTHER_UPN = "F801999926123"
OTHER_EXCLUDED = "Fergus Farexcluded"
OTHER_VOICE = "Fennel faraway words of the pupil"
OTHER_REASON = "Figtree faraway absence reason"
OTHER_INVOICE = "INV-FAR-C99"
OTHER_BUDGET = "Fjord faraway budget line"
OTHER_AMOUNT = "76,543.21"
OTHER_RATE = "6,543.98"
OTHER_PLAN = "Ferret faraway scenario"
OTHER_ACTION = "Flamingo faraway improvement action"
OTHER_PACK = "Falcon faraway pack"
OTHER_CONTACT = "Fenella Far-Contact"
OTHER_CONCERN = "Foxglove faraway concern"
OTHER_SITE = "Fernhill Faraway Site"
OTHER_STAFF = "Gwendolyn Farofficer"
OTHER_FEEDBACK = "Fieldfare faraway feedback"
OTHER_CHANGE = "Firecrest faraway change asked for"
OTHER_CHECKLIST = "Fulmar faraway checklist item"
OTHER_DOCUMENT = "Fennec faraway document"
OTHER_HOLD = "Flounder faraway legal hold"
OTHER_LA_SECRETS = (
    OTHER_LA, OTHER_SCHOOL, OTHER_PROVIDER, OTHER_PUPIL, "Farawaypupil", OTHER_UPN, OTHER_EXCLUDED, OTHER_VOICE,
    OTHER_REASON, OTHER_INVOICE, OTHER_BUDGET, OTHER_AMOUNT, "76543.21", OTHER_RATE, OTHER_PLAN, OTHER_ACTION,
    OTHER_PACK, OTHER_CONTACT, OTHER_CONCERN, OTHER_SITE, OTHER_STAFF, OTHER_FEEDBACK, OTHER_CHANGE,
    OTHER_CHECKLIST, OTHER_DOCUMENT, OTHER_HOLD,
)  # fmt: skip

#: LA 1's own pupils at each school, placed at the provider of the same letter.
PUPIL_A = "Annabel Ownschoolpupil"
UPN_A = "A801999926456"
PUPIL_B = "Bartholomew Otherschoolpupil"
UPN_B = "B801999926789"
#: School B's records about its pupil that no provider sees (the pupil's page shows them to the
#: LA and the school): a health absence and the statutory deadline it started.
HEALTH_ABSENCE_B = "Absent for health reasons"
DEADLINE_B = "Dunnock deadline of pupil B"


@dataclass
class World:
    la: object
    school_a: object
    school_b: object
    provider_a: object
    provider_b: object
    users: dict = field(default_factory=dict)
    la2: object = None
    school_c: object = None
    provider_c: object = None
    #: LA 2's staff, by role key (la_officer, la_finance...).
    users2: dict = field(default_factory=dict)
    #: LA 2's records by kind (pupil, placement, review, exclusion, recoupment, invoice, pack...).
    other: dict = field(default_factory=dict)
    #: LA 1's own records by kind ("pupil_b": school B's pupil, placed at provider B).
    own: dict = field(default_factory=dict)
    #: role key -> text that role may never read anywhere.
    never_shown: dict = field(default_factory=dict)

    def hide(self, *texts: str, from_roles) -> None:
        """Text no page may show to `from_roles`, whatever the URL (case modules add their own)."""
        for role in from_roles:
            self.never_shown.setdefault(role, set()).update(texts)


@dataclass
class LeakCase:
    """One URL. `allowed`: role keys that may open it (200). `secrets`: text only they may see.
    `pupil_level`: the page is one pupil's (or one of their records'), so every role outside
    `allowed` gets 404, the same as for an id that does not exist."""

    url: str
    allowed: frozenset[str]
    secrets: tuple[str, ...] = ()
    description: str = ""
    pupil_level: bool = False
    #: Open without signing in (an invitation link): anonymous users get what any outsider gets.
    public: bool = False
    #: Form data that changes something when an allowed role posts it (the POST matrix checks it
    #: does, then that every other role posting it changes nothing). None: an empty POST is sent.
    post: dict | None = None

    @property
    def url_name(self) -> str:
        match = resolve(self.url.split("?")[0])
        return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def build_world() -> World:
    """LA 1 with two schools, two approved providers and a user for every role key; LA 2 with its
    own school, provider, staff and records."""
    from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
    from tests.providers.factories import ProviderFactory

    la = LocalAuthorityFactory(name="Leakshire County Council")
    school_a = SchoolFactory(organisation__name="Alderbrook Secret School A", organisation__local_authority=la)
    school_b = SchoolFactory(organisation__name="Birchwood Other School B", organisation__local_authority=la)
    provider_a = ProviderFactory(organisation__name="Aardvark Secret Provider A", organisation__local_authority=la)
    provider_b = ProviderFactory(organisation__name="Badger Other Provider B", organisation__local_authority=la)
    memberships = {
        "la_officer": (Role.LA_OFFICER, la),
        "la_manager": (Role.LA_MANAGER, la),
        "la_finance": (Role.LA_FINANCE, la),
        "administrator": (Role.ADMINISTRATOR, la),
        "forum_member": (Role.FORUM_MEMBER, la),
        "senco_a": (Role.SCHOOL_USER, school_a.organisation),
        "senco_b": (Role.SCHOOL_USER, school_b.organisation),
        "provider_user_a": (Role.PROVIDER_USER, provider_a.organisation),
        "provider_user_b": (Role.PROVIDER_USER, provider_b.organisation),
    }
    users = {}
    for key, (role, organisation) in memberships.items():
        users[key] = UserFactory(email=f"{key}@leak.test")
        MembershipFactory(user=users[key], organisation=organisation, role=role)
    users["stranger"] = UserFactory(email="stranger@leak.test")
    users["anonymous"] = None
    world = World(
        la=la, school_a=school_a, school_b=school_b, provider_a=provider_a, provider_b=provider_b, users=users
    )
    _own_pupils(world)
    _other_la(world)
    return world


def _own_pupils(world: World) -> None:
    """One pupil of each school of LA 1, placed at the provider of the same letter: school B's pupil
    is never shown to school A or provider A, and the other way round."""
    from tests.placements.factories import PlacementFactory, PupilFactory
    from tests.providers.factories import SiteCapacityFactory, SiteFactory

    today = dt.date.today()
    for letter, school, provider, name, upn in (
        ("A", world.school_a, world.provider_a, PUPIL_A, UPN_A),
        ("B", world.school_b, world.provider_b, PUPIL_B, UPN_B),
    ):
        site = SiteFactory(provider=provider, name=f"Own Site {letter}")
        SiteCapacityFactory(site=site, key_stage="ks3", places=5)
        first, last = name.split()
        pupil = PupilFactory(home_school=school, legal_first_name=first, legal_last_name=last, upn=upn[1:])
        PlacementFactory(
            pupil=pupil, site=site, status="active", requesting_school=school,
            start_date=today - dt.timedelta(days=14), end_date=today + dt.timedelta(days=60),
        )  # fmt: skip
        world.own[f"pupil_{letter.lower()}"] = pupil
    _health_absence_of_pupil_b(world, world.own["pupil_b"])
    world.hide(PUPIL_B, "Otherschoolpupil", UPN_B[1:], from_roles={"senco_a", "provider_user_a"} | NO_PUPILS)
    world.hide(PUPIL_A, "Ownschoolpupil", UPN_A[1:], from_roles={"senco_b", "provider_user_b"} | NO_PUPILS)


def _health_absence_of_pupil_b(world: World, pupil) -> None:
    """School B's pupil is absent for health reasons, and the LA's duty to arrange education has a
    deadline: both on the pupil's page for the LA and school B, never for provider B (who sees the
    pupil through its placement) nor anyone else."""
    from placements.models import Deadline, HealthAbsence

    today = dt.date.today()
    absence = HealthAbsence.objects.create(
        pupil=pupil, school=world.school_b, first_day=today - dt.timedelta(days=30), school_days=16
    )
    Deadline.objects.create(
        key=f"leak-health-{absence.pk}", kind="health", holder="la", holder_organisation=world.la,
        local_authority=world.la, school=world.school_b, pupil=pupil, health_absence=absence,
        starts_on=absence.first_day, due_on=today + dt.timedelta(days=10), remind_from=today, detail=DEADLINE_B,
    )  # fmt: skip
    sees_it = LA_STAFF | {"senco_b"}
    world.hide(HEALTH_ABSENCE_B, DEADLINE_B, from_roles=set(ROLE_KEYS) - sees_it)


def _other_la(world: World) -> None:
    """LA 2 ("Farshire"): a school, an approved provider with a site, a contact, a concern, feedback,
    a change it asked for and a QA review with evidence, its staff, a placed pupil with a review, an
    attendance mark and committed top-up costs, a permanently excluded pupil with a recoupment, an
    invoice, a budget line, a plan, an improvement action and a published pack."""
    from django.core.files.base import ContentFile

    from funding.models import BudgetLine, Invoice, PerPupilRate
    from funding.services import commitments_refresh, recoupment_calculate
    from placements.models import AttendanceMark, PlacementReview
    from placements.services import routes_ensure_for_la
    from providers.models import QAEvidence
    from reports.models import ReportPack
    from reports.selectors.pack import PackOptions
    from reports.services import PlanFigures, pack_publish, pack_request, plan_create, priority_area_add
    from reports.services.improvement import improvement_action_save
    from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
    from tests.funding.factories import la_paid_placement
    from tests.placements.factories import ExclusionFactory, PupilFactory
    from tests.providers.factories import (
        PDF_BYTES,
        ChangeRequestFactory,
        ConcernFactory,
        ContactFactory,
        FeedbackFactory,
        ProviderFactory,
        QAReviewFactory,
        SiteCapacityFactory,
        SiteFactory,
    )

    today = dt.date.today()
    la2 = LocalAuthorityFactory(name=OTHER_LA)
    routes_ensure_for_la(local_authority=la2)
    school_c = SchoolFactory(organisation__name=OTHER_SCHOOL, organisation__local_authority=la2)
    provider_c = ProviderFactory(organisation__name=OTHER_PROVIDER, organisation__local_authority=la2)
    users2 = {}
    for key, role, organisation in (
        ("la_officer", Role.LA_OFFICER, la2),
        ("la_finance", Role.LA_FINANCE, la2),
        ("senco_c", Role.SCHOOL_USER, school_c.organisation),
        ("provider_user_c", Role.PROVIDER_USER, provider_c.organisation),
    ):
        name = OTHER_STAFF if key == "la_officer" else f"Far {key}"
        users2[key] = UserFactory(email=f"{key}@farshire.test", full_name=name)
        MembershipFactory(user=users2[key], organisation=organisation, role=role)
    site = SiteFactory(provider=provider_c, name=OTHER_SITE)
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    contact = ContactFactory(provider=provider_c, name=OTHER_CONTACT)
    concern = ConcernFactory(
        provider=provider_c, reporting_organisation=school_c.organisation, summary=OTHER_CONCERN, details=OTHER_CONCERN
    )
    qa_review = QAReviewFactory(provider=provider_c, author=users2["la_officer"])
    evidence = QAEvidence.objects.create(
        review=qa_review, file=ContentFile(PDF_BYTES, name="far-evidence.pdf"), original_name="far-evidence.pdf",
        size=len(PDF_BYTES), uploaded_by=users2["la_officer"],
    )  # fmt: skip
    FeedbackFactory(provider=provider_c, school=school_c.organisation, comments=OTHER_FEEDBACK)
    change = ChangeRequestFactory(provider=provider_c, summary=OTHER_CHANGE)
    first, last = OTHER_PUPIL.split()
    pupil = PupilFactory(home_school=school_c, legal_first_name=first, legal_last_name=last, upn=OTHER_UPN[1:])
    placement = la_paid_placement(
        pupil=pupil, site=site, start_date=today - dt.timedelta(days=30), end_date=today + dt.timedelta(days=30)
    )
    mark = AttendanceMark.objects.create(
        placement=placement, date=today, session="am", mark="authorised", reason=OTHER_REASON
    )
    review = PlacementReview.objects.create(
        placement=placement, review_date=today - dt.timedelta(days=1), attendees="Far tutor", progress="Far",
        pupil_what_is_working=OTHER_VOICE, pupil_what_should_change="Far", decision="continue",
        recorded_by=users2["la_officer"],
    )  # fmt: skip
    invoice = Invoice.objects.create(
        local_authority=la2, placement=placement, provider=provider_c, reference=OTHER_INVOICE,
        period_start=placement.start_date, period_end=placement.start_date + dt.timedelta(days=6),
        sessions_invoiced=6, amount=Decimal("76543.21"), received_on=today, payment_terms_days=30,
        due_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    first, last = OTHER_EXCLUDED.split()
    excluded = PupilFactory(home_school=school_c, legal_first_name=first, legal_last_name=last)
    exclusion = ExclusionFactory(pupil=excluded, kind="permanent", first_day=today - dt.timedelta(days=20))
    year = _financial_year(today)
    for kind, band in (("awpu", "ks3"), ("awpu", "ks4"), ("pupil_premium", "secondary")):
        for rate_year in (year - 1, year):
            PerPupilRate.objects.create(
                local_authority=la2, financial_year=rate_year, kind=kind, band=band, amount=Decimal("6543.98")
            )
    recoupment = recoupment_calculate(user=users2["la_finance"], exclusion=exclusion, basis="maintained")
    commitments_refresh(local_authority=la2)
    BudgetLine.objects.create(
        local_authority=la2, financial_year=_financial_year(today), name=OTHER_BUDGET, amount=Decimal("76543.21")
    )
    plan = plan_create(
        local_authority=la2,
        figures=PlanFigures(OTHER_PLAN, "2025-26", Decimal("1000000"), 80, [(Decimal("900000"), 90)]),
        by=users2["la_officer"],
    )
    area = priority_area_add(local_authority=la2, title="Far priority area", by=users2["la_officer"])
    action = improvement_action_save(
        area=area, description=OTHER_ACTION, lead="Far team", due_date=today, by=users2["la_officer"]
    )
    options = PackOptions(today, 2026, today - dt.timedelta(days=30), today)
    pack = pack_request(local_authority=la2, options=options, by=users2["la_officer"])
    pack_publish(pack=pack, by=users2["la_officer"])
    ReportPack.objects.filter(pk=pack.pk).update(title=OTHER_PACK)
    checklist_item = _more_of_other_la(la2, school_c, provider_c, users2, pupil=pupil, excluded=excluded)
    world.la2, world.school_c, world.provider_c, world.users2 = la2, school_c, provider_c, users2
    world.other = {
        "pupil": pupil, "excluded": excluded, "placement": placement, "mark": mark, "review": review,
        "invoice": invoice, "exclusion": exclusion, "recoupment": recoupment, "plan": plan, "area": area,
        "action": action, "pack": pack, "site": site, "contact": contact, "concern": concern, "qa_review": qa_review,
        "evidence": evidence, "change": change, "checklist_item": checklist_item,
    }  # fmt: skip
    world.hide(*OTHER_LA_SECRETS, from_roles=ROLE_KEYS)


def _more_of_other_la(la2, school_c, provider_c, users2, *, pupil, excluded):
    """One row of every other kind an LA holds, so that each model's scope has LA 2's row to keep
    from LA 1 (tests/core/test_real_scopes.py): money at OTHER_AMOUNT, text in OTHER_LA_SECRETS.
    Returns LA 2's QA checklist item (its edit page is one of LA 2's record pages)."""
    from apcommission.dataprotection.models import LegalHold, SubjectAccessExport
    from funding.models import CommissionedPlaces, DeficitFigure, LumpSum, SchoolContribution, ServiceCost, TopUpBand
    from placements.models import HealthAbsence, PupilTransfer
    from placements.services.deadlines import deadlines_refresh
    from providers.models import Price
    from tests.providers.factories import ComplianceDocumentFactory, QAChecklistItemFactory

    today, money = dt.date.today(), Decimal("76543.21")
    year = _financial_year(today)
    officer = users2["la_officer"]
    Price.objects.create(provider=provider_c, unit="day", amount=money, effective_from=today - dt.timedelta(days=90))
    checklist_item = QAChecklistItemFactory(local_authority=la2, title=OTHER_CHECKLIST)
    ComplianceDocumentFactory(provider=provider_c, title=OTHER_DOCUMENT, uploaded_by=officer)
    ServiceCost.objects.create(local_authority=la2, financial_year=year, description=OTHER_BUDGET, amount=money)
    SchoolContribution.objects.create(local_authority=la2, school=school_c, financial_year=year, annual_amount=money)
    DeficitFigure.objects.create(local_authority=la2, financial_year=year, amount=money, as_at=today)
    CommissionedPlaces.objects.create(
        local_authority=la2, provider=provider_c, academic_year=year, places=3, rate_per_place=money
    )
    TopUpBand.objects.create(local_authority=la2, name=OTHER_BUDGET, annual_amount=money)
    LumpSum.objects.create(local_authority=la2, route_code="awaiting_place", financial_year=year, amount=money)
    HealthAbsence.objects.create(pupil=pupil, school=school_c, first_day=today - dt.timedelta(days=40), school_days=16)
    deadlines_refresh(pupil_ids=[pupil.pk, excluded.pk])
    PupilTransfer.objects.create(
        upn=pupil.upn, existing=pupil, legal_first_name="Fay", legal_last_name="Farawaypupil",
        date_of_birth=dt.date(2013, 3, 1), sex="F", home_school=school_c, home_la=la2, requested_by=users2["senco_c"],
    )  # fmt: skip
    # The data protection cases hold and export LA 2's placed pupil; these are its excluded pupil's.
    SubjectAccessExport.objects.create(pupil=excluded, local_authority=la2, requested_by=officer, status="failed")
    LegalHold.objects.create(pupil=excluded, reason=OTHER_HOLD, placed_by=officer)
    return checklist_item


def _financial_year(day: dt.date) -> int:
    from apcommission.core.years import years_of

    return years_of(day).financial.start_year


def other_la_cases(world: World) -> list[LeakCase]:
    """LA 2's record pages: every role of LA 1 is refused (404 for a pupil's), and reads nothing."""
    o, nobody = world.other, frozenset()
    placement, pupil = o["placement"], o["pupil"]
    pupil_pages = [
        reverse("placements:pupil-detail", args=[pupil.pk]),
        reverse("placements:pupil-edit", args=[pupil.pk]),
        reverse("placements:pupil-timeline", args=[pupil.pk]),
        reverse("placements:placement-request", args=[pupil.pk]),
        reverse("placements:placement-create", args=[pupil.pk]),
        reverse("placements:placement-request-step", args=[pupil.pk, "route"]),
        reverse("placements:placement-create-step", args=[pupil.pk, "route"]),
        reverse("placements:placement-create-step", args=[pupil.pk, "check"]),
        reverse("placements:placement-confirmation", args=[placement.pk]),
        reverse("placements:placement-detail", args=[placement.pk]),
        reverse("placements:placement-end", args=[placement.pk]),
        reverse("placements:placement-withdraw", args=[placement.pk]),
        reverse("placements:review-list", args=[placement.pk]),
        reverse("placements:review-create", args=[placement.pk]),
        reverse("placements:review-detail", args=[o["review"].pk]),
        reverse("placements:attendance-placement", args=[placement.pk]),
        reverse("funding:band-agree", args=[placement.pk]),
        reverse("funding:recoupment-detail", args=[o["recoupment"].pk]),
        reverse("funding:recoupment-calculate", args=[o["exclusion"].pk]),
        reverse("funding:invoice-detail", args=[o["invoice"].pk]),
        reverse("funding:invoice-decide", args=[o["invoice"].pk]),
        reverse("placements:exclusion-detail", args=[o["exclusion"].pk]),
        reverse("placements:exclusion-off-roll", args=[o["exclusion"].pk]),
        reverse("placements:exclusion-create", args=[o["excluded"].pk]),
        reverse("placements:health-absence-create", args=[o["excluded"].pk]),
    ]
    other_pages = [
        reverse("placements:attendance-register", args=[world.provider_c.pk, dt.date.today().isoformat()]),
        reverse("funding:recoupment-waive", args=[o["recoupment"].pk]),
        reverse("funding:invoice-check", args=[o["invoice"].pk]),
        reverse("providers:detail", args=[world.provider_c.pk]),
        reverse("providers:edit", args=[world.provider_c.pk]),
        reverse("providers:capacity-edit", args=[o["site"].pk]),
        reverse("providers:contact-edit", args=[o["contact"].pk]),
        reverse("providers:concern-detail", args=[o["concern"].pk]),
        reverse("providers:qa-review-detail", args=[o["qa_review"].pk]),
        reverse("providers:qa-evidence", args=[o["evidence"].pk]),
        reverse("providers:change-request-decide", args=[o["change"].pk]),
        reverse("providers:qa-checklist-item-edit", args=[o["checklist_item"].pk]),
        reverse("reports:pack-detail", args=[o["pack"].pk]),
        reverse("reports:pack-download", args=[o["pack"].pk]),
        reverse("reports:plan-detail", args=[o["plan"].pk]),
        reverse("reports:plan-edit", args=[o["plan"].pk]),
        reverse("reports:action-edit", args=[o["action"].pk]),
        reverse("core:user-detail", args=[world.users2["senco_c"].pk]),
    ]
    #: The same changes the app cases make on LA 1's records, on LA 2's.
    posts = {
        reverse("placements:placement-withdraw", args=[placement.pk]): {"reason": "No longer needed"},
        reverse("funding:recoupment-waive", args=[o["recoupment"].pk]): {"reason": "Agreed"},
        reverse("providers:contact-add", args=[world.provider_c.pk]): {
            "name": "Posted Contact", "email": "posted@leak.test", "telephone": "01632 960001"
        },
        reverse("core:user-deactivate", args=[world.users2["senco_c"].pk]): {},
    }  # fmt: skip
    other_pages = [*other_pages, *(url for url in posts if url not in pupil_pages + other_pages)]
    return [
        *(
            LeakCase(url, nobody, OTHER_LA_SECRETS, "LA 2's pupil", pupil_level=True, post=posts.get(url))
            for url in pupil_pages
        ),
        *(LeakCase(url, nobody, OTHER_LA_SECRETS, "LA 2's record", post=posts.get(url)) for url in other_pages),
    ]


#: Tables a refused request may write: the audit trail, sessions, sign-in throttling, history.
UNWATCHED_APPS = {"admin", "axes", "sessions", "contenttypes", "django_celery_beat", "otp_static", "otp_totp"}
UNWATCHED_MODELS = {"core.auditevent", "core.workerheartbeat"}


def database_fingerprint() -> dict[str, int]:
    """Every watched table's rows, hashed: equal fingerprints, unchanged data."""
    from django.apps import apps

    fingerprint = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label in UNWATCHED_APPS
            or label in UNWATCHED_MODELS
            or label.split(".")[1].startswith("historical")
        ):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.get_internal_type() != "BinaryField"]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        fingerprint[label] = hash(repr(list(rows)))
    return fingerprint


def changed_tables(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))
