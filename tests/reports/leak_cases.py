"""Every reports URL for the leak matrix: working papers of the world's LA, a published and an
unpublished pack, and a pupil in the AP census return (the only pupil-level page here)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from reports.models import ReportPack
from reports.selectors.census import census_day
from reports.selectors.pack import PackOptions
from reports.services import PlanFigures, pack_publish, pack_request, plan_create, priority_area_add
from reports.services.improvement import improvement_action_save
from tests.leak_matrix import LeakCase
from tests.placements.factories import PlacementFactory, PupilFactory, route_for
from tests.providers.factories import SiteFactory

SECRET_PLAN = "Quetzal secret scenario"
SECRET_ACTION = "Quagga secret improvement action"
SECRET_CENSUS_PUPIL = "Querida Censuspupil"

AUTHORS = frozenset({"la_officer", "la_manager", "la_finance"})
READERS = AUTHORS | {"forum_member"}
CENSUS = frozenset({"la_officer", "la_manager"})


def _census_pupil(world):
    day = census_day(dt.date.today().year if dt.date.today().month >= 9 else dt.date.today().year - 1)
    site = SiteFactory(provider=world.provider_a, name="Aardvark Census Site")
    pupil = PupilFactory(home_school=world.school_a, legal_first_name="Querida", legal_last_name="Censuspupil")
    PlacementFactory(
        pupil=pupil, site=site, route=route_for(world.la, "section_19_other"), commissioner="la", top_up_funder="la",
        status="active", start_date=day - dt.timedelta(days=10), end_date=day + dt.timedelta(days=10),
    )  # fmt: skip


def leak_cases(world):
    officer = world.users["la_officer"]
    plan = plan_create(
        local_authority=world.la,
        figures=PlanFigures(SECRET_PLAN, "2025-26", Decimal("1000000"), 80, [(Decimal("900000"), 90)]),
        by=officer,
    )
    area = priority_area_add(local_authority=world.la, title="Quince priority area", by=officer)
    action = improvement_action_save(
        area=area, description=SECRET_ACTION, lead="Team", due_date=dt.date.today(), by=officer
    )
    options = PackOptions(dt.date.today(), 2026, dt.date.today() - dt.timedelta(days=30), dt.date.today())
    published = pack_request(local_authority=world.la, options=options, by=officer)
    pack_publish(pack=published, by=officer)
    draft = pack_request(local_authority=world.la, options=options, by=officer)
    ReportPack.objects.filter(pk=draft.pk).update(title="Quoll secret draft pack")
    _census_pupil(world)
    return [
        LeakCase(reverse("reports:home"), READERS, ("Quoll secret draft pack",)),
        LeakCase(reverse("reports:pack-new"), AUTHORS),
        LeakCase(reverse("reports:pack-detail", args=[published.pk]), READERS),
        LeakCase(reverse("reports:pack-download", args=[published.pk]), READERS),
        LeakCase(reverse("reports:pack-detail", args=[draft.pk]), AUTHORS, ("Quoll secret draft pack",)),
        LeakCase(reverse("reports:pack-download", args=[draft.pk]), AUTHORS),
        LeakCase(reverse("reports:pack-publish", args=[draft.pk]), AUTHORS, ("Quoll secret draft pack",), post={}),
        LeakCase(reverse("reports:plan-list"), AUTHORS, (SECRET_PLAN,)),
        LeakCase(reverse("reports:plan-new"), AUTHORS),
        LeakCase(reverse("reports:plan-compare"), AUTHORS, (SECRET_PLAN,)),
        LeakCase(reverse("reports:plan-detail", args=[plan.pk]), AUTHORS, (SECRET_PLAN,)),
        LeakCase(reverse("reports:plan-edit", args=[plan.pk]), AUTHORS, (SECRET_PLAN,)),
        LeakCase(reverse("reports:plan-copy", args=[plan.pk]), AUTHORS, (SECRET_PLAN,)),
        LeakCase(reverse("reports:plan-choose", args=[plan.pk]), AUTHORS, (SECRET_PLAN,)),
        LeakCase(reverse("reports:improvement"), AUTHORS, (SECRET_ACTION,)),
        LeakCase(reverse("reports:area-new"), AUTHORS),
        LeakCase(reverse("reports:action-new", args=[area.pk]), AUTHORS),
        LeakCase(reverse("reports:action-edit", args=[action.pk]), AUTHORS, (SECRET_ACTION,)),
        LeakCase(reverse("reports:census"), CENSUS, (SECRET_CENSUS_PUPIL,)),
        LeakCase(reverse("reports:census-csv"), CENSUS, ("Censuspupil",)),
    ]
