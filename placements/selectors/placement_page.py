"""What the placement page reads of a placement's own records besides the placement: its status
changes and the panel's decisions with the school's answers, as plain rows in one statement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from apcommission.core.compiled import sql_request
from apcommission.core.models import User

from ..models import PanelDecision, PanelDecisionKind, PlacementStatus, RequestUpdate, StatusChange

STATUS_LABELS = dict(PlacementStatus.choices)
DECISION_LABELS = dict(PanelDecisionKind.choices)


class Answers(list):
    """A decision's answers, newest last; `all()` as the related manager's, for the writer
    (placements.views.placement_summary.panel_decisions_html) that also shows the panel page's
    model instances."""

    def all(self) -> Answers:
        return self


@dataclass
class Answer:
    at: dt.datetime
    by: str | None
    text: str


@dataclass
class Decision:
    """A panel decision as placements.views.placement_summary.panel_decisions_html shows it."""

    id: int
    decision: str
    decision_date: dt.date
    decided_by: str
    reasons: str
    answers: Answers = field(default_factory=Answers)

    def get_decision_display(self) -> str:
        return str(DECISION_LABELS.get(self.decision, self.decision))


@dataclass
class PlacementRecords:
    #: In the order they happened, each {"at", "text", "by", "note"} (StatusChange's str and by).
    status_changes: list[dict]
    #: Newest first (PanelDecision.Meta.ordering).
    panel_decisions: list[Decision]


_SQL: list[str] = []


def _sql() -> str:
    if not _SQL:
        changes, decisions = StatusChange._meta.db_table, PanelDecision._meta.db_table
        answers, users = RequestUpdate._meta.db_table, User._meta.db_table
        _SQL.append(
            f"""
            SELECT 1, c.id, c.at, CAST(NULL AS date), c.from_status, c.to_status, c.note, u.full_name, u.email,
                   CAST(NULL AS bigint)
              FROM {changes} c LEFT JOIN {users} u ON u.id = c.by_id WHERE c.placement_id = %s
            UNION ALL
            SELECT 2, d.id, d.recorded_at, d.decision_date, d.decision, NULL, d.reasons, u.full_name, u.email, NULL
              FROM {decisions} d JOIN {users} u ON u.id = d.decided_by_id WHERE d.placement_id = %s
            UNION ALL
            SELECT 3, a.id, a.at, NULL, NULL, NULL, a.text, u.full_name, u.email, a.panel_decision_id
              FROM {answers} a LEFT JOIN {users} u ON u.id = a.by_id
             WHERE a.panel_decision_id IN (SELECT id FROM {decisions} WHERE placement_id = %s)
            """  # noqa: S608 - table names from the models, every value a parameter
        )
    return _SQL[0]


def placement_records_request(placement_id: int):
    """The placement's status changes and panel decisions with the school's answers to them
    (PlacementRecords), in one statement, as a request to send with the page's others
    (core.compiled): reached through the placement the page has read through the scoping path, as
    its own records are."""
    return sql_request(connection.alias, _sql(), [placement_id] * 3, _records_of)


def _records_of(rows: list) -> PlacementRecords:
    sqlite = connection.vendor == "sqlite"
    ops = connection.ops
    changes, decisions, answers = [], {}, []
    for part, pk, at, day, code, code2, text, full_name, email, decision_id in rows:
        if sqlite:
            at = ops.convert_datetimefield_value(at, None, connection)
            day = ops.convert_datefield_value(day, None, connection) if day is not None else None
        by = (full_name or email) if email is not None else None  # User's str
        if part == 1:
            before = STATUS_LABELS.get(code, code) or "New"
            changes.append(
                {"at": at, "id": pk, "text": f"{before} → {STATUS_LABELS.get(code2, code2)}", "by": by, "note": text}
            )
        elif part == 2:
            decisions[pk] = Decision(pk, code, day, by, text)
        else:
            answers.append((at, pk, decision_id, Answer(at, by, text)))
    changes.sort(key=lambda row: (row["at"], row["id"]))  # StatusChange.Meta.ordering
    answers.sort(key=lambda row: (row[0], row[1]))  # RequestUpdate.Meta.ordering
    for _at, _pk, decision_id, answer in answers:
        decisions[decision_id].answers.append(answer)
    ordered = sorted(decisions.values(), key=lambda d: (d.decision_date, d.id), reverse=True)
    return PlacementRecords(changes, ordered)
