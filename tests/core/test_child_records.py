"""The registry of what the service holds about a child (apcommission.core.child_records)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from apcommission.core import child_records
from apcommission.core.audit import is_child_record
from apcommission.core.child_records import (
    child_data_kinds,
    parse_period,
    retention_rules,
    unregistered_pupil_linked_models,
)


def test_every_model_that_holds_pupil_data_is_registered():
    missing = unregistered_pupil_linked_models()
    assert not missing, (
        f"These models hold data about a pupil but are not registered with register_child_data (see "
        f"placements/child_data.py): {missing}"
    )


def test_a_model_with_a_foreign_key_to_a_pupil_is_reported_when_not_registered(monkeypatch):
    from funding.models import Recoupment, RecoupmentStatusChange
    from placements.models import Exclusion, PupilTransfer

    registry = dict(child_records._REGISTRY)
    for model in (Exclusion, PupilTransfer, Recoupment, RecoupmentStatusChange):
        registry.pop(model)
    monkeypatch.setattr(child_records, "_REGISTRY", registry)
    assert unregistered_pupil_linked_models() == [
        "funding.Recoupment",
        "funding.RecoupmentStatusChange",
        "placements.Exclusion",
        "placements.PupilTransfer",
    ]


def test_registered_kinds_are_audited_as_child_records_and_the_pupil_comes_first():
    kinds = child_data_kinds()
    assert kinds[0].is_subject and kinds[0].model._meta.label == "placements.Pupil"
    assert all(is_child_record(kind.model) for kind in kinds)


@pytest.mark.django_db
def test_every_kind_can_list_one_pupils_records_their_history_and_what_falls_due():
    on = dt.date(2060, 1, 1)
    for kind in child_data_kinds():
        assert list(kind.for_pupil(1)) == []
        history = kind.history_for_pupil(1)
        assert history is None or list(history) == []
        assert list(kind.due(on)) == []


def test_each_rule_says_where_it_comes_from_and_what_it_applies_to():
    rules = retention_rules()
    assert {r.key for r in rules} >= {"pupil_record", "unsuccessful_request", "financial_record"}
    for rule in rules:
        assert rule.source and rule.label and rule.runs_from
        parse_period(rule.period)


def test_a_retention_period_is_configurable(settings):
    rule = next(r for r in retention_rules() if r.key == "pupil_record")
    assert rule.cutoff(dt.date(2050, 6, 1)) == dt.date(2025, 6, 1)
    settings.DATA_RETENTION_PERIODS = {"pupil_record": "31 years"}
    assert rule.cutoff(dt.date(2050, 6, 1)) == dt.date(2019, 6, 1)


@pytest.mark.parametrize("text", ["", "25", "years", "-1 years", "3 weeks", "2.5 years"])
def test_a_retention_period_that_is_not_a_number_of_years_months_or_days_is_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_periods_read_as_written():
    assert parse_period("18 months") == relativedelta(months=18)
    assert parse_period("30 days") == relativedelta(days=30)
