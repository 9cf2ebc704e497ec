import pytest

from placements.models import Route
from placements.services import route_update, routes_ensure_for_la

HEREFORDSHIRE = {
    # code: (commissioner, lump sum, top-up, registration, home-school code)
    "permanent_exclusion": ("la", "school_by_agreement", "awpu_recovery", "dual_then_single", ""),
    "health": ("la_or_school", "school", "school", "dual_school_main", "K"),
    "awaiting_place": ("la", "la", "la", "single_at_ap", ""),
    "short_term": ("school", "la_or_school", "school", "dual_school_main", "D"),
    "suspension_off_site": ("school", "school", "school", "dual_school_main", "D"),
    "section_19_other": ("la", "la_or_school", "la_or_school", "dual_or_single", "K"),
    "part_time_vocational": ("school", "school", "school", "dual_school_main", "B"),
}


@pytest.mark.django_db
def test_the_template_holds_herefordshires_seven_routes():
    routes = {r.code: r for r in Route.objects.filter(local_authority__isnull=True)}
    assert set(routes) == set(HEREFORDSHIRE)
    for code, rules in HEREFORDSHIRE.items():
        r = routes[code]
        assert (r.commissioner, r.lump_sum_funder, r.top_up_funder, r.registration_rule) == rules[:4]
        assert r.home_school_attendance_code == rules[4]
    assert routes["short_term"].requires_reintegration_plan
    assert routes["section_19_other"].is_section_19


def test_each_la_gets_its_own_copy_once(la):
    routes_ensure_for_la(local_authority=la)
    routes_ensure_for_la(local_authority=la)
    assert Route.objects.filter(local_authority=la).count() == 7


def test_an_administrator_edits_the_las_route(la, administrator):
    routes_ensure_for_la(local_authority=la)
    route = Route.objects.get(local_authority=la, code="health")
    route_update(user=administrator, route=route, changes={"commissioner": "la"})
    route.refresh_from_db()
    assert route.commissioner == "la"
    assert Route.objects.get(local_authority__isnull=True, code="health").commissioner == "la_or_school"


def test_an_officer_cannot_edit_routes(la, la_officer):
    from django.core.exceptions import ValidationError

    routes_ensure_for_la(local_authority=la)
    route = Route.objects.get(local_authority=la, code="health")
    with pytest.raises(ValidationError):
        route_update(user=la_officer, route=route, changes={"commissioner": "la"})
