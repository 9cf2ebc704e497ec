"""Queries compiled once a process (apcommission.core.compiled): the rows are those the ORM
reads, converted the same way, and every call reads the database again."""

import datetime as dt

from django.utils import timezone

from apcommission.core.compiled import compiled_rows, scope_key
from apcommission.core.scoping import scope_for
from placements.models import Placement, PlacementStatus
from placements.selectors.dashboard import alerts_today
from placements.selectors.deadlines import task_list
from tests.placements.factories import PlacementFactory, missing_pupil_alert

TODAY = timezone.localdate()


def test_the_rows_are_those_the_orm_reads_and_are_read_again_on_each_call(la_officer, la):
    placement = PlacementFactory(
        pupil__home_la=la, status=PlacementStatus.ACTIVE, end_date=TODAY + dt.timedelta(days=3)
    )

    def build():
        return (
            Placement.objects.visible_to(la_officer)
            .filter(status=PlacementStatus.ACTIVE)
            .values("pk", "end_date", "pupil__legal_last_name")
            .order_by("pk")
        )

    key = ("test", scope_key(scope_for(la_officer)), TODAY)
    rows = compiled_rows(key, build)
    assert rows == list(build()) and isinstance(rows[0]["end_date"], dt.date)
    Placement.objects.filter(pk=placement.pk).update(end_date=TODAY + dt.timedelta(days=9))
    assert compiled_rows(key, build)[0]["end_date"] == TODAY + dt.timedelta(days=9)


def test_a_scope_key_tells_apart_the_same_organisations_held_in_other_roles(la_officer, la_manager):
    assert scope_key(scope_for(la_officer)) != scope_key(scope_for(la_manager))


def test_the_task_list_and_alerts_read_the_same_on_the_second_call(la_officer, la):
    placement = PlacementFactory(pupil__home_la=la, status=PlacementStatus.ACTIVE)
    missing_pupil_alert(placement, day=TODAY, recipient=la_officer)
    first = (task_list(user=la_officer, today=TODAY, limit=10), alerts_today(user=la_officer, today=TODAY, limit=10))
    second = (task_list(user=la_officer, today=TODAY, limit=10), alerts_today(user=la_officer, today=TODAY, limit=10))
    assert first == second and first[1][1] == 1
