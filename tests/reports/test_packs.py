"""The Schools Forum pack: figures read back from the PDF against independent counts, no child
identifiable, a tagged PDF, an archive that returns the same bytes, and who may see what."""

import datetime as dt
import hashlib
import subprocess
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.celery import app as celery_app
from apcommission.core.models import AuditAction, AuditEvent
from reports.models import PackStatus, ReportPack
from reports.selectors.pack import PackOptions, forum_pack
from reports.services import pack_generate, pack_publish, pack_request
from reports.tasks import generate_pack
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()
FIRST, SECOND = TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=5)


def _dob_for_year(nc_year: int, on: dt.date) -> dt.date:
    start = on.year if on.month >= 9 else on.year - 1
    return dt.date(start - 5 - nc_year, 12, 1)


def _in_ap(site, school, nc_year: int, count: int, *, both_dates: bool = True):
    start = FIRST - dt.timedelta(days=5) if both_dates else FIRST + dt.timedelta(days=5)
    return [
        PlacementFactory(
            site=site, pupil__home_school=school, pupil__legal_last_name=f"Zanzibar{nc_year}x{n}",
            pupil__date_of_birth=_dob_for_year(nc_year, SECOND), status="active",
            start_date=start, end_date=TODAY + dt.timedelta(days=30),
        )
        for n in range(count)
    ]  # fmt: skip


@pytest.fixture
def county(la, school_a):
    site = SiteFactory(provider__organisation__local_authority=la)
    for key_stage in ("ks2", "ks3", "ks4"):
        SiteCapacityFactory(site=site, key_stage=key_stage, places=100)
    return {
        "ks4": _in_ap(site, school_a, 10, 9),  # KS4 on both dates
        "ks3": _in_ap(site, school_a, 8, 6),  # KS3 on both dates
        "ks2": _in_ap(site, school_a, 5, 2, both_dates=False),  # KS2, second date only: 2 → "<5"
    }


def _options(**overrides):
    options = {
        "meeting_date": TODAY + dt.timedelta(days=10),
        "financial_year": 2026,
        "first_snapshot": FIRST,
        "second_snapshot": SECOND,
    }
    return PackOptions(**{**options, **overrides})


def _date_boxes(name: str, day: dt.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _pack_form(first: dt.date, second: dt.date) -> dict:
    return {
        "submission_token": str(uuid.uuid4()),
        "financial_year": str(TODAY.year if TODAY.month >= 4 else TODAY.year - 1),
        **_date_boxes("meeting_date", TODAY + dt.timedelta(days=30)),
        **_date_boxes("first_snapshot", first),
        **_date_boxes("second_snapshot", second),
    }


def _text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_pack_figures_read_back_match_an_independent_count_with_small_numbers_hidden(la, la_officer, county, caplog):
    pack = pack_request(local_authority=la, options=_options(), by=la_officer)
    assert pack.status == PackStatus.READY
    text = _text(bytes(pack.pdf))
    table = text[text.index("% of total") :]
    ks4_line = next(line for line in table.splitlines() if line.strip().startswith("Key stage 4"))
    assert ks4_line.split()[3:5] == ["9", "60.0%"]  # 9 of 15 on the first date (independent count: the fixture)
    ks2_line = next(line for line in table.splitlines() if line.strip().startswith("Key stage 2"))
    assert ks2_line.split()[3:6] == ["0", "0.0%", "<5"] and len(ks2_line.split()) == 6
    # Secondary suppression: KS3's 6 on the second date is hidden with KS2's 2, or 17 − 9 − 6 would give 2 away.
    ks3_line = next(line for line in table.splitlines() if line.strip().startswith("Key stage 3"))
    assert ks3_line.split()[3:6] == ["6", "40.0%", "<5"]
    total_line = next(line for line in table.splitlines() if line.strip().startswith("Total"))
    assert total_line.split()[1:3] == ["15", "17"]
    assert "Zanzibar" not in text and county["ks4"][0].pupil.upn not in text
    assert not [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelname == "ERROR"]


def test_the_pack_is_a_tagged_pdf_with_a_title_and_bookmarks(la, la_officer, county):
    pack = pack_request(local_authority=la, options=_options(), by=la_officer)
    info = subprocess.run(["pdfinfo", "-"], input=bytes(pack.pdf), capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Schools Forum budget pack" in info  # the document's title
    metadata = subprocess.run(["pdfinfo", "-meta", "-"], input=bytes(pack.pdf), capture_output=True).stdout.decode()
    assert "pdfuaid:part" in metadata  # declared PDF/UA-1 in its XMP metadata
    structure = subprocess.run(["pdfinfo", "-struct", "-"], input=bytes(pack.pdf), capture_output=True).stdout.decode()
    assert "Table" in structure and "H2" in structure  # headings and tables are tagged as such
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", "-", "out"], input=bytes(pack.pdf), capture_output=True
    ).stdout.decode()
    outline = xml[xml.index("<outline>") :]
    for heading in ("High Needs Block: alternative provision", "Pupils in alternative provision by key stage"):
        assert f">{heading}</item>" in outline


def test_the_archive_returns_the_same_bytes_with_their_checksum_and_audits_each_download(
    client, la, la_officer, county
):
    pack = pack_request(local_authority=la, options=_options(), by=la_officer)
    client.force_login(la_officer)
    first = client.get(reverse("reports:pack-download", args=[pack.pk]))
    second = client.get(reverse("reports:pack-download", args=[pack.pk]))
    assert first.content == second.content == bytes(ReportPack.objects.get(pk=pack.pk).pdf)
    assert hashlib.sha256(first.content).hexdigest() == pack.checksum == first["Digest"].removeprefix("sha-256=")
    assert (
        AuditEvent.objects.filter(action=AuditAction.EXPORT, object_repr__contains=f"Forum pack {pack.pk}").count() == 2
    )


def test_forum_members_read_only_published_packs(client, la, la_officer, forum_member, county):
    draft = pack_request(local_authority=la, options=_options(), by=la_officer)
    client.force_login(forum_member)
    assert client.get(reverse("reports:pack-download", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("reports:home")).content.decode()
    pack_publish(pack=draft, by=la_officer)
    assert client.get(reverse("reports:pack-download", args=[draft.pk])).status_code == 200
    home = client.get(reverse("core:home")).content.decode()
    assert "Download the latest pack" in home
    assert client.post(reverse("reports:pack-publish", args=[draft.pk])).status_code == 403


def test_a_double_submitted_pack_is_generated_once(client, la, la_officer, county):
    client.force_login(la_officer)
    data = {**_pack_form(FIRST, SECOND), "include_plan": "on"}
    assert client.post(reverse("reports:pack-new"), data).status_code == 302
    assert client.post(reverse("reports:pack-new"), data).status_code == 302
    assert ReportPack.objects.count() == 1


def test_second_date_before_the_first_is_refused_next_to_the_field(client, la_officer):
    client.force_login(la_officer)
    data = _pack_form(dt.date(2026, 6, 1), dt.date(2026, 5, 1))
    body = client.post(reverse("reports:pack-new"), data).content.decode()
    assert "The second date must be after the first date" in body
    assert not ReportPack.objects.exists()


def test_a_large_county_pack_is_prepared_in_the_background_behind_a_refreshing_page(
    client, la, la_officer, county, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.REPORTS_RENDER_INLINE_MAX_PLACEMENTS = 3
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pack = pack_request(local_authority=la, options=_options(), by=la_officer)
    assert pack.status == PackStatus.QUEUED
    client.force_login(la_officer)
    waiting = client.get(reverse("reports:pack-detail", args=[pack.pk]))
    assert waiting["Refresh"] == "3" and "being prepared" in waiting.content.decode()
    for callback in callbacks:
        callback()  # the worker's turn: generate_pack runs (eagerly here)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.matches_checksum()
    generate_pack(pack.pk)  # a retried task leaves a ready pack as it is
    assert ReportPack.objects.get(pk=pack.pk).checksum == pack.checksum
    assert "Refresh" not in client.get(reverse("reports:pack-detail", args=[pack.pk]))


def test_gathering_the_figures_takes_the_same_queries_for_a_bigger_county(
    la, la_officer, county, school_a, django_assert_num_queries
):
    with django_assert_num_queries(24) as first:  # 23, and one for the day-6 figures
        forum_pack(local_authority=la, title="t", options=_options())
    site = county["ks4"][0].site
    _in_ap(site, school_a, 9, 12)
    with django_assert_num_queries(len(first.captured_queries)):
        forum_pack(local_authority=la, title="t", options=_options())


def test_generating_is_refused_to_schools_and_forum_members(la, senco_school_a, forum_member):
    from django.core.exceptions import PermissionDenied

    for user in (senco_school_a, forum_member):
        with pytest.raises(PermissionDenied):
            pack_request(local_authority=la, options=_options(), by=user)


def test_a_failed_pack_says_so(la, la_officer, county, monkeypatch):
    pack = ReportPack.objects.create(
        local_authority=la, title="x", meeting_date=TODAY, financial_year=2026, parameters=_options().as_parameters()
    )
    monkeypatch.setattr(
        "reports.services.packs.render_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full"))
    )
    with pytest.raises(OSError):
        pack_generate(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED and "disk full" in pack.error


def test_the_garbage_collector_is_back_on_after_a_render_even_a_failed_one(la, county, monkeypatch):
    import gc

    from reports.services import pack_render

    seen = []
    monkeypatch.setattr("reports.services.packs.render_pdf", lambda *a, **k: seen.append(gc.isenabled()) or b"%PDF")
    assert pack_render(forum_pack(local_authority=la, title="t", options=_options())) == b"%PDF"
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr("reports.services.packs.render_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        pack_render(forum_pack(local_authority=la, title="t", options=_options()))
    assert gc.isenabled()


def test_a_forum_members_home_is_the_published_packs_and_the_archive_and_nothing_pupil_level(
    client, la, la_officer, forum_member, county
):
    packs = [
        pack_request(local_authority=la, options=_options(meeting_date=TODAY + dt.timedelta(days=d)), by=la_officer)
        for d in (10, 40, 70)
    ]
    for pack in packs[:2]:
        pack_publish(pack=pack, by=la_officer)
    client.force_login(forum_member)
    home = client.get(reverse("core:home")).content.decode()
    assert f"Download the latest pack: {packs[1].title}" in home
    assert f"Download {packs[0].title}" in home and packs[2].title not in home  # the draft is not theirs
    assert reverse("reports:home") in home
    assert client.get(reverse("reports:census")).status_code == 404
    assert client.get(reverse("reports:census-csv")).status_code == 404
    placement = county["ks4"][0]
    for url in (
        reverse("placements:placement-detail", args=[placement.pk]),
        reverse("placements:pupil-detail", args=[placement.pupil.pk]),
        reverse("placements:pupil-list"),
        reverse("placements:placement-list"),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404) and "Zanzibar" not in response.content.decode(), url


def test_the_reports_home_links_each_export_to_those_who_may_open_it(client, la_officer, la_finance, forum_member):
    census, snapshot, gaps = (
        reverse("reports:census"),
        reverse("placements:key-stage-snapshot"),
        reverse("providers:gap-analysis"),
    )
    expected = {la_officer: {census, snapshot, gaps}, la_finance: {snapshot}, forum_member: {snapshot}}
    for user, links in expected.items():
        client.force_login(user)
        page = client.get(reverse("reports:home")).content.decode()
        for url in (census, snapshot, gaps):
            assert (f'href="{url}"' in page) == (url in links), (user, url)
            if url in links:
                assert client.get(url).status_code == 200, (user, url)


def test_with_the_broker_down_a_large_pack_is_still_saved_and_sent_when_it_is_back(
    client, la, la_officer, county, settings, monkeypatch
):
    from celery import Celery

    from apcommission.core import queueing
    from reports.services.packs import packs_requeue_waiting

    settings.REPORTS_RENDER_INLINE_MAX_PLACEMENTS = 3
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    down.conf.broker_connection_timeout = 1
    down.task(name="reports.tasks.generate_pack")(lambda pack_id: None)
    monkeypatch.setattr(queueing, "current_app", down)
    client.force_login(la_officer)
    response = client.post(reverse("reports:pack-new"), {**_pack_form(FIRST, SECOND), "include_plan": "on"})
    assert response.status_code == 302
    pack = ReportPack.objects.get()
    assert pack.status == PackStatus.QUEUED
    assert client.get(response["Location"]).status_code == 200
    sent = []
    monkeypatch.setattr(queueing, "enqueue", lambda name, *args: sent.append((name, args)) or True)
    monkeypatch.setattr("reports.services.packs.enqueue", queueing.enqueue)
    later = pack.modified_on + dt.timedelta(minutes=3)
    assert packs_requeue_waiting(now=later) == 1 and sent == [("reports.tasks.generate_pack", (pack.pk,))]
