"""The AP census return: who is in it, the primary reason, problems listed before export."""

import csv
import datetime as dt
import importlib
import io
import re

import pytest
from django.urls import reverse

from apcommission.core.models import AuditAction, AuditEvent
from placements.child_data import PUPIL_SCRUB
from placements.models import ExclusionKind, Placement, Pupil
from placements.services.pupils import PupilDetails, pupil_create
from placements.upn import ERROR_LA_CODE, check_letter, errors_of_bits, upn_error_bits, upn_errors
from reports.selectors.census import COLUMNS, census_day, census_problems, census_rows
from tests.placements.factories import ExclusionFactory, PlacementFactory, PupilFactory, route_for
from tests.providers.factories import SiteFactory

DAY = census_day(2026)


def _placement(la, school, provider_type, *, commissioner="la", route="section_19_other", **kwargs):
    site = SiteFactory(provider__organisation__local_authority=la, provider__provider_type=provider_type, **{
        f"provider__{k}": v for k, v in kwargs.pop("provider", {}).items()})  # fmt: skip
    return PlacementFactory(
        site=site, pupil__home_school=school, route=route_for(la, route), commissioner=commissioner,
        top_up_funder=commissioner, status="active", start_date=DAY - dt.timedelta(days=20),
        end_date=DAY + dt.timedelta(days=20), **kwargs,
    )  # fmt: skip


def test_census_day_is_the_third_thursday_of_january():
    assert census_day(2026) == dt.date(2027, 1, 21)
    assert census_day(2025) == dt.date(2026, 1, 15)


def test_la_funded_pupils_outside_state_schools_are_in_the_return(la, la_officer, school_a):
    independent = _placement(la, school_a, "non_school_ap")
    _placement(la, school_a, "pru")  # a state school: the school census
    _placement(la, school_a, "non_school_ap", commissioner="school")  # school-funded
    ended_before = _placement(la, school_a, "non_school_ap")
    ended_before.status, ended_before.ended_on = "ended", DAY - dt.timedelta(days=1)
    ended_before.save()
    rows = census_rows(user=la_officer, on=DAY)
    assert [row.placement for row in rows] == [independent]


def test_a_permanent_exclusion_is_the_primary_reason_whatever_the_route(la, la_officer, school_a):
    placement = _placement(la, school_a, "non_school_ap", route="health")
    assert census_rows(user=la_officer, on=DAY)[0].values[COLUMNS.index("Primary reason")] == "Health needs"
    ExclusionFactory(pupil=placement.pupil, kind=ExclusionKind.PERMANENT, first_day=DAY - dt.timedelta(days=30))
    assert census_rows(user=la_officer, on=DAY)[0].values[COLUMNS.index("Primary reason")] == "Permanent exclusion"


def test_problems_are_listed_before_export_and_the_csv_reads_back(client, la, la_officer, school_a):
    placement = _placement(la, school_a, "independent", provider={"urn": ""})
    placement.pupil.upn = "A99012345678B"
    placement.pupil.upn_problems = None  # written without its checks: the census checks it itself
    placement.pupil.save()
    client.force_login(la_officer)
    page = client.get(reverse("reports:census")).content.decode()
    assert "Put these right before you submit the return" in page
    assert "enter the setting&#x27;s URN on its provider record" in page
    assert "UPN A99012345678B: UPN invalid" in page
    response = client.get(reverse("reports:census-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert (
        rows[0] == list(COLUMNS)
        and rows[1][0] == "A99012345678B"
        and rows[1][COLUMNS.index("Sessions per week")] == "6"
    )
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_repr__startswith="AP census return").exists()


@pytest.mark.parametrize("role", ["senco_school_a", "forum_member", "la_finance"])
def test_the_return_is_for_la_officers_only(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("reports:census-csv")).status_code == 404
    assert client.get(reverse("reports:census")).status_code == 404


def test_the_page_lists_a_page_of_pupils_and_groups_the_problems_while_the_csv_has_every_pupil(
    client, la, la_officer, school_a
):
    for n in range(27):
        placement = _placement(la, school_a, "independent", provider={"urn": ""})
        placement.pupil.upn = f"A99012345{n:03d}B"[:13]
        placement.pupil.upn_problems = upn_error_bits(placement.pupil.upn)  # as pupil_create stores them
        placement.pupil.save()
    # A pupil in the return twice is one pupil whose UPN needs putting right.
    _placement(la, school_a, "non_school_ap", pupil=placement.pupil)
    client.force_login(la_officer)
    page = client.get(reverse("reports:census")).content.decode()
    assert "28 placements" in page and "Page 1 of 2" in page
    assert page.count("govuk-table__row") == 26  # the heading and 25 pupils
    problems = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert "27 pupils&#x27; UPNs: UPN invalid" in problems
    assert problems.count("enter the setting&#x27;s URN on its provider record") == 27  # 27 settings, once each
    cursor = re.search(r'after=([^"]+)" rel="next"', page)[1]  # keyset pages: the next link's cursor
    second = client.get(reverse("reports:census"), {"after": cursor}).content.decode()
    assert second.count("govuk-table__row") == 4 and "Page 2 of 2" in second
    shown = re.findall(r'<span class="govuk-hint">(A99[0-9A-Z]+)</span>', page + second)
    assert len(shown) == 28 and len(set(shown)) == 27  # every placement once, in the return's order
    assert shown == [row.values[0] for row in census_rows(user=la_officer, on=DAY)]
    rows = list(csv.reader(io.StringIO(client.get(reverse("reports:census-csv")).content.decode())))
    assert len(rows) == 29


def _problems_counted_directly(user, on):
    """The census's UPN problems as they were counted before the checks were stored: every UPN in
    the return checked here."""
    upn_problems: dict[str, list[str]] = {}
    for upn in sorted({row.placement.pupil.upn for row in census_rows(user=user, on=on)}):
        for message in upn_errors(upn):
            upn_problems.setdefault(message, []).append(upn)
    return {
        f"UPN {upns[0]}: {message}" if len(upns) == 1 else f"{len(upns)} pupils' UPNs: {message}"
        for message, upns in upn_problems.items()
    }


def test_the_upn_problems_from_stored_checks_equal_those_counted_directly(la, la_officer, school_a):
    upns = {
        "A99012345678B": True,  # stored: the LA number, and the check letter
        "A99012345679B": True,
        "H801200001001": True,  # valid
        "H8012000X1001": True,  # stored: not numeric
        "A801200001001": False,  # not checked yet (written another way): checked by the census
        "B80120000X001": False,
        "H001200001001": True,
        "H80120000100I": True,  # the only one with its problem: named
    }
    for upn, stored in upns.items():
        placement = _placement(la, school_a, "non_school_ap")
        placement.pupil.upn = upn
        placement.pupil.upn_problems = upn_error_bits(upn) if stored else None
        placement.pupil.save()
    # A pupil in the return twice is counted once.
    _placement(la, school_a, "non_school_ap", pupil=placement.pupil)
    problems = census_problems(user=la_officer, on=DAY)
    assert len(problems) == len(set(problems)) == 4
    assert set(problems) == _problems_counted_directly(la_officer, DAY)
    assert "2 pupils' UPNs: UPN invalid (characters 5-12 not all numeric)" in problems
    assert "UPN H80120000100I: UPN invalid (character 13 not a recognised value)" in problems


def test_a_new_pupils_upn_checks_are_stored_as_a_return_makes_them(la, la_officer, school_a):
    own = "999200001001"  # the service's own LA number, outside the DfE's ranges: accepted, but listed
    la.la_code = "999"
    la.save()
    details = {"legal_first_name": "Ada", "legal_last_name": "Byron", "date_of_birth": dt.date(2014, 3, 1), "sex": "F"}
    valid = pupil_create(user=la_officer, details=PupilDetails(upn="H801200001001", home_la=la, **details))
    own_la = pupil_create(user=la_officer, details=PupilDetails(upn=check_letter(own) + own, home_la=la, **details))
    valid.refresh_from_db()
    own_la.refresh_from_db()
    assert valid.upn_problems == 0
    assert errors_of_bits(own_la.upn_problems) == upn_errors(own_la.upn) == [ERROR_LA_CODE]


def test_the_migration_stores_every_existing_pupils_checks(la, school_a):
    from django.apps import apps

    migration = importlib.import_module("placements.migrations.0015_pupil_upn_problems")
    pupils = [PupilFactory(home_school=school_a, upn=upn) for upn in ("H801200001001", "A99012345678B")]
    Pupil.objects.filter(pk__in=[p.pk for p in pupils]).update(upn_problems=None)
    migration.check_every_upn(apps, None)
    assert {p.upn: p.upn_problems for p in Pupil.objects.filter(pk__in=[p.pk for p in pupils])} == {
        "H801200001001": 0,
        "A99012345678B": upn_error_bits("A99012345678B"),
    }


def test_anonymising_a_pupil_forgets_the_checks_of_its_upn():
    assert PUPIL_SCRUB["upn_problems"] is None


def test_the_stored_figures_equal_those_counted_directly_and_the_page_reads_them(client, la, la_officer, school_a):
    """The census figures (CensusFigures, docs/adr/0005) against census_check counted for the page."""
    from django.utils import timezone

    from reports.models import CensusFigures
    from reports.selectors.census import census_check, census_day_now, census_figures
    from reports.services.census import census_figures_refresh

    day = census_day_now()
    for n, upn in enumerate(["A99012345678B", "H8012000X1001", "H801200001001"]):
        placement = _placement(la, school_a, "independent" if n else "fe_college", provider={"urn": "", "ukprn": ""})
        placement.pupil.upn = upn
        placement.pupil.upn_problems = upn_error_bits(upn)
        placement.pupil.save()
    client.force_login(la_officer)
    assert "as of" not in client.get(reverse("reports:census")).content.decode()  # not counted yet: live
    assert la.pk in census_figures_refresh()
    stored = CensusFigures.objects.get(local_authority=la)
    direct = census_check(user=la_officer, on=day)
    assert (stored.census_day, stored.placements, stored.problems) == (day, direct.placements, direct.problems)
    assert stored.placements == 3 and len(stored.problems) == 6
    read = census_figures(user=la_officer, on=day)
    assert (read.placements, read.problems, read.as_of) == (3, direct.problems, stored.as_of)
    page = client.get(reverse("reports:census")).content.decode()
    assert f"as of {timezone.localtime(stored.as_of):%H:%M}" in page and "3 placements" in page
    assert census_figures_refresh() == []  # fresh: nothing to recount
    later = timezone.now() + dt.timedelta(minutes=16)
    assert la.pk in census_figures_refresh(now=later)  # 15 minutes old
    # Yesterday's figures are not read: the page counts for itself.
    CensusFigures.objects.filter(local_authority=la).update(as_of=timezone.now() - dt.timedelta(days=1))
    assert census_figures(user=la_officer, on=day).as_of is None


def test_the_census_pages_view_is_recorded_in_the_statement_that_reads_the_figures(client, la, la_officer, school_a):
    """The page's audit event is one insert, sent with the LA's census figures: on PostgreSQL inside
    the statement that reads them (core.compiled._writes_in_a_read), elsewhere one after the other."""
    from django.db import connection

    from reports.selectors.census import census_day_now
    from reports.services.census import census_figures_refresh

    _placement(la, school_a, "independent")
    census_figures_refresh()
    client.force_login(la_officer)
    statements = []

    def note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        assert client.get(reverse("reports:census")).status_code == 200
    inserts = [sql for sql in statements if 'INSERT INTO "core_auditevent"' in sql]
    assert len(inserts) == 1
    assert ('"reports_censusfigures"' in inserts[0]) is (connection.vendor == "postgresql")
    assert any('"reports_censusfigures"' in sql for sql in statements)
    event = AuditEvent.objects.get(action=AuditAction.VIEW, user=la_officer)
    assert event.object_repr == f"AP census check for {census_day_now()}" and event.local_authority_id == la.pk


def test_the_stored_order_is_the_returns_and_the_page_reads_it_by_position(client, la, la_officer, school_a):
    """The return's placements kept in order with the figures (CensusEntry, docs/adr/0005) against
    the return read directly, and the page's pages read by position against the live pages."""
    from reports.models import CensusEntry, CensusFigures
    from reports.selectors.census import _PAGE_ORDER, census_placements
    from reports.services.census import census_figures_refresh

    for n in range(27):
        placement = _placement(la, school_a, "independent", provider={"urn": ""})
        placement.pupil.upn = f"A99012345{n:03d}B"[:13]
        placement.pupil.legal_last_name = "Same" if n % 3 else f"Name {n % 5}"  # ties ordered by pupil
        placement.pupil.upn_problems = upn_error_bits(placement.pupil.upn)
        placement.pupil.save()
    _placement(la, school_a, "non_school_ap", pupil=placement.pupil)  # a pupil in the return twice
    client.force_login(la_officer)

    def pages() -> list[str]:
        first = client.get(reverse("reports:census")).content.decode()
        cursor = re.search(r'after=([^"]+)" rel="next"', first)[1]
        second = client.get(reverse("reports:census"), {"after": cursor}).content.decode()
        back = re.search(r'before=([^"]+)" rel="prev"', second)[1]
        again = client.get(reverse("reports:census"), {"before": back}).content.decode()
        return [first, second, again]

    live = pages()
    assert la.pk in census_figures_refresh()
    figures = CensusFigures.objects.get(local_authority=la)
    entries = CensusEntry.objects.filter(figures=figures).order_by("position")
    stored = list(entries.values_list("placement_id", "position"))
    direct = census_placements(user=la_officer, on=DAY).order_by(*_PAGE_ORDER).values_list("id", flat=True)
    assert [placement_id for placement_id, _ in stored] == list(direct)
    assert [position for _, position in stored] == list(range(1, 29)) and figures.placements == 28
    read = pages()
    assert "as of" in read[0] and "as of" not in live[0]
    for live_page, read_page in zip(live, read, strict=True):
        upns = re.findall(r'<span class="govuk-hint">(A99[0-9A-Z]+)</span>', live_page)
        assert re.findall(r'<span class="govuk-hint">(A99[0-9A-Z]+)</span>', read_page) == upns and upns
    assert "Page 1 of 2" in read[0] and "Page 2 of 2" in read[1] and "Page 1 of 2" in read[2]
    assert 'rel="prev"' not in read[0] + read[2] and 'rel="next"' not in read[1]
    # A placement that has left the return since the count is not listed (what the rows show is live).
    left = CensusEntry.objects.get(figures=figures, position=1).placement
    left.status = "withdrawn"
    left.save()
    assert left.pupil.upn not in client.get(reverse("reports:census")).content.decode()
    # A cursor that was tampered with is the first page, never an error.
    assert client.get(reverse("reports:census"), {"after": "not a cursor"}).status_code == 200


def test_anonymising_a_pupil_in_the_return_forgets_the_figures_that_name_their_upn(la, la_officer, school_a):
    from apcommission.dataprotection.services import retention_apply
    from reports.models import CensusEntry, CensusFigures
    from reports.services.census import census_figures_refresh

    placement = _placement(la, school_a, "non_school_ap")
    placement.pupil.upn = "H80120000100I"  # the only one with its problem: named in the problems
    placement.pupil.upn_problems = upn_error_bits(placement.pupil.upn)
    placement.pupil.save()
    census_figures_refresh()
    assert any("H80120000100I" in problem for problem in CensusFigures.objects.get(local_authority=la).problems)
    retention_apply(on=placement.pupil.date_of_birth.replace(year=placement.pupil.date_of_birth.year + 26))
    assert not CensusFigures.objects.filter(local_authority=la).exists()
    assert not CensusEntry.objects.exists()
    assert la.pk in census_figures_refresh()  # counted again, without the UPN
    assert not any("H80120000100I" in problem for problem in CensusFigures.objects.get(local_authority=la).problems)


def test_the_page_writes_its_rows_as_the_templates_loop_did(client, la, la_officer, school_a):
    """The table's rows are written by the view: the same markup as the loop it replaced."""
    from django.http import QueryDict
    from django.template import Context, Template

    from reports.selectors.census import census_page

    for n, provider_type in enumerate(["non_school_ap", "independent"]):
        placement = _placement(la, school_a, provider_type, provider={"urn": ""})
        placement.pupil.legal_last_name = f"O'Brien <{n}>"
        placement.pupil.upn = "A99012345678B" if n else "H801200001001"
        placement.pupil.save()
    loop = Template(
        """{% for row in rows %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ row.first_name }} {{ row.last_name }}<br><span class="govuk-hint">{{ row.upn }}</span></td><td class="govuk-table__cell">{{ row.setting }}<br><span class="govuk-hint">{{ row.setting_type }}</span></td><td class="govuk-table__cell">{{ row.reason }}</td><td class="govuk-table__cell">{{ row.start_date|date:"j M Y" }}</td><td class="govuk-table__cell">{% for error in row.errors %}{{ error }}{% if not forloop.last %}<br>{% endif %}{% empty %}None{% endfor %}</td></tr>
  {% empty %}
    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No placements are in the return.</td></tr>
  {% endfor %}"""  # noqa: E501 - the template's loop as it was
    )
    rows = census_page(user=la_officer, on=DAY, params=QueryDict()).object_list
    client.force_login(la_officer)
    page = client.get(reverse("reports:census")).content.decode()
    before = loop.render(Context({"rows": rows}))
    assert f'<tbody class="govuk-table__body">\n  {before}\n  </tbody>' in page
    assert "O&#x27;Brien &lt;0&gt;" in before and "<br>" in before and "None</td>" in before
    empty = loop.render(Context({"rows": []}))
    Placement.objects.all().delete()
    page = client.get(reverse("reports:census")).content.decode()
    assert f'<tbody class="govuk-table__body">\n  {empty}\n  </tbody>' in page
