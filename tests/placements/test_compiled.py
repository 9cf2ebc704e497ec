"""Queries compiled once a process (apcommission.core.compiled): the rows are those the ORM
reads, converted the same way, and every call reads the database again."""

import datetime as dt

import pytest
from django.db import connection
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


def test_a_record_read_by_its_slot_is_the_orms_and_outside_the_scope_is_404(la_officer, la, forum_member):
    import pytest
    from django.http import Http404

    from apcommission.core.compiled import access_compiled_or_404, compiled_objects

    first, second = (PlacementFactory(pupil__home_la=la) for _ in range(2))

    def build():
        return Placement.objects.with_related()

    for placement in (first, second):  # one statement, each call with its own id
        read = access_compiled_or_404("test placement", build, la_officer, placement.pk)
        assert read == placement and read.pupil == placement.pupil
        assert read.provider.organisation.name == placement.provider.organisation.name
    for outside in (2**70, -1, 0):
        with pytest.raises(Http404):
            access_compiled_or_404("test placement", build, la_officer, outside)
    with pytest.raises(Http404):
        access_compiled_or_404("test placement", build, forum_member, first.pk)
    rows = compiled_objects("test all", lambda pk: Placement.objects.filter(pk=pk), (second.pk,))
    assert rows == [second]


def test_statements_read_together_answer_as_each_alone_and_wait_once_on_postgresql(la_officer, la):
    """compiled_together: the answers compiled_rows and compiled_objects give one by one, in the
    order asked, a request that can match nothing answering [] without a query; on PostgreSQL the
    statements are sent in one pipeline (one round trip), elsewhere one after another."""
    from apcommission.core.compiled import compiled_objects, compiled_together, objects_request, rows_request

    placements = [PlacementFactory(pupil__home_la=la, status=PlacementStatus.ACTIVE) for _ in range(2)]
    scope = scope_key(scope_for(la_officer))

    def rows(pupil_id):
        return Placement.objects.visible_to(la_officer).filter(pupil_id=pupil_id).values("pk", "start_date")

    def objects(pupil_id):
        return Placement.objects.visible_to(la_officer).filter(pupil_id=pupil_id).select_related("pupil")

    first, second = (placement.pupil_id for placement in placements)
    alone = [
        compiled_rows(("together rows", scope), rows, (first,)),
        compiled_objects(("together objects", scope), objects, (second,)),
    ]
    seen_in_pipeline = []

    def note(execute, sql, params, many, context):
        raw = context["connection"].connection
        seen_in_pipeline.append(getattr(raw, "_pipeline", None) is not None)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        together = compiled_together(
            rows_request(("together rows", scope), rows, (first,)),
            rows_request(("together rows", scope), rows, (2**63,)),  # no id is that large: no query
            objects_request(("together objects", scope), objects, (second,)),
        )
    assert together[0] == alone[0] and together[1] == []
    assert [(o.pk, o.pupil.legal_last_name) for o in together[2]] == [(o.pk, o.pupil.legal_last_name) for o in alone[1]]
    assert len(seen_in_pipeline) == 2
    assert all(seen_in_pipeline) is (connection.vendor == "postgresql")


def test_a_write_sent_with_reads_is_written_once_inside_the_first_read_on_postgresql(la_officer, la):
    """A write (the audit event of a page) sent with reads goes, on PostgreSQL, inside the first
    read that can take it as a WITH query: one statement for both, written whatever the read finds
    (here nothing), the reads' answers as they were; elsewhere it runs after them."""
    from apcommission.core.audit import audit_record_request
    from apcommission.core.compiled import compiled_together, rows_request
    from apcommission.core.models import AuditAction, AuditEvent

    placement = PlacementFactory(pupil__home_la=la, status=PlacementStatus.ACTIVE)
    scope = scope_key(scope_for(la_officer))

    def rows(pupil_id):
        return Placement.objects.visible_to(la_officer).filter(pupil_id=pupil_id).values("pk")

    statements = []

    def note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    event = {"user": la_officer, "action": AuditAction.VIEW, "description": "the test's view"}
    with connection.execute_wrapper(note):
        found = compiled_together(
            rows_request(("write in read", scope), rows, (placement.pupil_id + 1_000_000,)),  # no such pupil
            audit_record_request(**event),
            rows_request(("write in read", scope), rows, (placement.pupil_id,)),
        )
    assert found[0] == [] and found[2] == [{"pk": placement.pk}]
    on_postgresql = connection.vendor == "postgresql"
    assert len(statements) == (2 if on_postgresql else 3)
    assert statements[0].startswith('WITH written_0 AS (INSERT INTO "core_auditevent"') is on_postgresql
    assert AuditEvent.objects.filter(object_repr="the test's view", user=la_officer).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="values are written in the text on PostgreSQL only")
def test_a_statement_with_its_values_in_its_text_reads_what_the_orm_reads_and_is_prepared(la_officer, la, monkeypatch):
    """A statement whose best plan depends on its values (the daily register's rows, the task
    list) is planned for them: written into its text, it is prepared with them, once a connection."""
    PlacementFactory(pupil__home_la=la, status=PlacementStatus.ACTIVE, end_date=TODAY + dt.timedelta(days=3))
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", 0)  # prepare at the first run

    def build():
        return (
            Placement.objects.visible_to(la_officer)
            .filter(status=PlacementStatus.ACTIVE, end_date__gte=TODAY)
            .values("pk", "end_date", "status")
            .order_by("pk")
        )

    def prepared_with_values() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s AND statement LIKE %s",
                ["%placements_placement%", f"%'{TODAY.isoformat()}'::date%"],
            )
            return cursor.fetchone()[0]

    key = ("values in text", scope_key(scope_for(la_officer)), TODAY)
    rows = compiled_rows(key, build, values_in_text=True)
    assert rows == list(build()) and rows[0]["status"] == "active"
    assert prepared_with_values() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="values are written in the text on PostgreSQL only")
def test_a_statement_with_its_values_in_its_text_reads_as_the_orm_and_is_planned_once_prepared(
    la_officer, la, monkeypatch
):
    """The task lists and reviews overdue are prepared with their values written in: PostgreSQL
    then keeps one plan, made for those values, rather than planning them again on every call."""
    placement = PlacementFactory(pupil__home_la=la, status=PlacementStatus.ACTIVE, end_date=TODAY)
    PlacementFactory(pupil__home_la=la, status=PlacementStatus.ENDED, end_date=TODAY)
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", 0)  # prepare at the first run

    def build():
        # A text value with a quote and a percent sign, and a date: each written in as psycopg quotes it.
        return (
            Placement.objects.visible_to(la_officer)
            .filter(status__in=[PlacementStatus.ACTIVE, "it's 100%"], end_date__lte=TODAY)
            .values("pk", "end_date")
            .order_by("pk")
        )

    key = ("values in text, quoted", scope_key(scope_for(la_officer)), TODAY)
    for _ in range(3):
        assert (
            compiled_rows(key, build, values_in_text=True) == list(build()) == [{"pk": placement.pk, "end_date": TODAY}]
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans, cardinality(parameter_types) FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%it''s 100\\%%"],
        )
        assert cursor.fetchall() == [(3, 0, 0)]  # no parameters: one plan, made for these values, kept
