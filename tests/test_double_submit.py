"""Every create form resists a double submit: the page's own form (with its submission token),
posted twice exactly as a browser would after a double click, makes its records once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apcommission.core.forms import date_input_data
from apcommission.core.models import Role
from placements.models import PlacementStatus
from placements.services import routes_ensure_for_la
from tests.factories import MembershipFactory, UserFactory
from tests.leak_matrix import build_world
from tests.page_forms import read_forms
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import PDF_BYTES, SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()
APPS = ("core", "providers", "placements", "funding", "reports")
NOT_RECORDS = {"AuditEvent", "FormSubmission"}


def counts() -> dict[str, int]:
    return {
        f"{config.label}.{model.__name__}": model._default_manager.count()
        for config in (apps.get_app_config(label) for label in APPS)
        for model in config.get_models()
        if model.__name__ not in NOT_RECORDS
    }


@dataclass
class CreateForm:
    url: str
    role: str
    data: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)


def _fy() -> str:
    return str(TODAY.year if TODAY.month >= 4 else TODAY.year - 1)


def create_forms(world) -> dict[str, CreateForm]:
    provider = world.provider_a
    site = SiteFactory(provider=provider, name="Double Site")
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    routes_ensure_for_la(local_authority=world.la)
    pupil = PupilFactory(home_school=world.school_a, date_of_birth=dt.date(TODAY.year - 13, 1, 10))
    other = PupilFactory(home_school=world.school_b, date_of_birth=dt.date(TODAY.year - 13, 2, 1))
    attended = PupilFactory(home_school=world.school_a)  # the school's pupils attend the provider
    PlacementFactory(pupil=attended, site=site, status=PlacementStatus.ACTIVE, start_date=TODAY - dt.timedelta(days=30))
    newcomer = UserFactory(email="newcomer@double.test")
    MembershipFactory(user=newcomer, organisation=world.school_a.organisation, role=Role.SCHOOL_USER)
    p = [provider.pk]
    return {
        "provider": CreateForm(
            reverse("providers:provider-add"),
            "la_officer",
            {
                "name": "Double Learning",
                "provider_type": "independent",
                "ofsted_judgement": "not_inspected",
                "urn": "123456",
            },
        ),
        "contact": CreateForm(
            reverse("providers:contact-add", args=p),
            "la_officer",
            {"name": "Dee Double", "email": "dee@double.test", "is_designated_safeguarding_lead": ""},
        ),
        "site": CreateForm(
            reverse("providers:site-add", args=p),
            "la_officer",
            {"name": "Second Site", "address": "1 High St", "postcode": "HR1 1AA", "places_ks3": "4"},
        ),
        "price": CreateForm(
            reverse("providers:price-add", args=p),
            "la_officer",
            {"site": site.pk, "unit": "day", "amount": "95.00", **date_input_data("effective_from", TODAY)},
        ),
        "price change request": CreateForm(
            reverse("providers:price-add", args=p),
            "provider_user_a",
            {"site": site.pk, "unit": "week", "amount": "400.00", **date_input_data("effective_from", TODAY)},
        ),
        "document": CreateForm(
            reverse("providers:document-add", args=p),
            "la_officer",
            {
                "kind": "insurance",
                "title": "Cover",
                **date_input_data("issued_on", TODAY),
                **date_input_data("expires_on", TODAY + dt.timedelta(days=300)),
            },
            {"upload": ("cover.pdf", PDF_BYTES)},
        ),
        "concern": CreateForm(
            reverse("providers:concern-add", args=p),
            "senco_a",
            {"summary": "Pupil left unsupervised", "details": "At lunch on Monday"},
        ),
        "feedback": CreateForm(
            reverse("providers:feedback-add", args=p),
            "senco_a",
            {"comments": "Helpful staff", "term": "autumn", "rating": "4"},
        ),
        "checklist item": CreateForm(
            reverse("providers:qa-checklist-item-add"), "administrator", {"title": "Fire drill", "group": "contract"}
        ),
        "pupil": CreateForm(
            reverse("placements:pupil-create"),
            "senco_a",
            {
                "upn": "H801200001001",
                "legal_first_name": "Dora",
                "legal_last_name": "Double",
                **date_input_data("date_of_birth", dt.date(TODAY.year - 12, 5, 1)),
                "sex": "F",
                "sen_status": "none",
                "looked_after": "",
                "pupil_premium": "",
            },
        ),
        "priority area": CreateForm(reverse("reports:area-new"), "la_officer", {"title": "Reintegration"}),
        "role": CreateForm(
            reverse("core:role-add", args=[newcomer.pk]),
            "administrator",
            {"organisation": world.school_b.organisation.pk, "role": "school_user"},
        ),
        "budget line": CreateForm(
            reverse("funding:budget-line-add"),
            "la_finance",
            {"financial_year": _fy(), "name": "AP top-up", "amount": "100"},
        ),
        "band": CreateForm(reverse("funding:band-set"), "la_finance", {"name": "Band 9", "annual_amount": "100"}),
        "service cost": CreateForm(
            reverse("funding:service-cost-set"),
            "la_finance",
            {"financial_year": _fy(), "description": "QA visits", "amount": "100"},
        ),
        "lump sum": CreateForm(
            reverse("funding:lump-sum-set"),
            "la_finance",
            {"route_code": "health", "financial_year": _fy(), "amount": "100"},
        ),
        "per-pupil rate": CreateForm(
            reverse("funding:rate-set"),
            "la_finance",
            {"financial_year": _fy(), "kind": "awpu", "band": "primary", "amount": "3000"},
        ),
        "school contribution": CreateForm(
            reverse("funding:contribution-set"),
            "la_finance",
            {"school": world.school_a.pk, "financial_year": _fy(), "annual_amount": "1500", "buys_traded_offer": "no"},
        ),
        "invitation": CreateForm(
            reverse("core:user-invite"),
            "administrator",
            {
                "full_name": "Ivo Invitee",
                "email": "ivo@double.test",
                "organisation": world.school_a.organisation.pk,
                "role": "school_user",
            },
        ),
        "placement by the LA": CreateForm(
            reverse("placements:placement-create", args=[other.pk]),
            "la_officer",
            {
                "site": site.pk,
                **date_input_data("start_date", TODAY + dt.timedelta(days=7)),
                **date_input_data("end_date", TODAY + dt.timedelta(days=60)),
                "sessions_per_week": "5",
                "attendance_pattern": "part_time",
            },
        ),
        "placement request": CreateForm(
            reverse("placements:placement-request", args=[pupil.pk]),
            "senco_a",
            {
                "site": site.pk,
                **date_input_data("start_date", TODAY + dt.timedelta(days=7)),
                **date_input_data("end_date", TODAY + dt.timedelta(days=60)),
                "sessions_per_week": "5",
                "attendance_pattern": "full_time",
                "objectives": "Return to school",
                "reintegration_plan": "Phased",
            },
        ),
    }


def post_data(client, form: CreateForm) -> dict:
    page = client.get(form.url)
    assert page.status_code == 200, (form.url, page.status_code)
    posts = [f for f in read_forms(form.url, page.content.decode()) if f.method == "post" and len(f.fields) > 1]
    data: dict = {}
    for name, _, value in posts[0].fields:
        data[name] = value
    data.update(form.data)
    assert data.get("submission_token"), f"{form.url} has no submission token"
    return {name: value for name, value in data.items() if value != ""}


def send(client, form: CreateForm, data: dict):
    files = {name: SimpleUploadedFile(n, content) for name, (n, content) in form.files.items()}
    return client.post(form.url, {**data, **files})


def test_every_create_form_makes_its_records_once_when_sent_twice(db):
    world = build_world()
    forms = create_forms(world)
    problems = []
    for what, form in forms.items():
        client = Client()
        client.force_login(world.users[form.role])
        data = post_data(client, form)
        before = counts()
        first = send(client, form, data)
        if first.status_code != 302:
            problems.append(f"{what}: the first POST was refused ({first.status_code}): {_errors(first)}")
            continue
        made = counts()
        if made == before:
            problems.append(f"{what}: the first POST made nothing")
        second = send(client, form, data)
        if second.status_code >= 400:
            problems.append(f"{what}: the second POST answered {second.status_code}")
        changed = {k: (made[k], v) for k, v in counts().items() if v != made[k]}
        if changed:
            problems.append(f"{what}: the second POST made more: {changed}")
    assert not problems, "\n".join(problems)


def _errors(response) -> str:
    summary = response.content.decode().partition("govuk-error-summary__list")[2].partition("</ul>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", summary).split())


@pytest.fixture
def request_world(db):
    world = build_world()
    site = SiteFactory(provider=world.provider_a)
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    routes_ensure_for_la(local_authority=world.la)
    pupil = PupilFactory(home_school=world.school_a, date_of_birth=dt.date(TODAY.year - 13, 1, 10))
    return world, site, pupil
