"""What the service holds about a child, in one place (UK GDPR articles 15 and 5(1)(e)).

Each app registers, in its `AppConfig.ready()`, every model that holds data about a pupil: how to
find one pupil's rows (`pupil_path`), the retention rule that applies to them, the date the period
runs from, and what anonymising them blanks. The subject access export, the retention task, the
privacy notice and the audit (`audit.is_child_record`) all read this registry, so a model that is
registered is exported, retained and explained together; `unregistered_pupil_linked_models` (and
the test that calls it) finds any model with a foreign key to a pupil, directly or through another
pupil-linked model, that nobody registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import models

from .audit import CHILD_RECORD_MODELS


class RetentionAction:
    ANONYMISE = "anonymise"
    DELETE = "delete"


@dataclass(frozen=True)
class RetentionRule:
    """How long one kind of record is kept, and why. `years` is the default; an LA changes it in
    the DATA_RETENTION_YEARS setting ({key: years}) under its own records management policy."""

    key: str
    label: str
    #: "25 years", "18 months", "30 days".
    default_period: str
    runs_from: str
    action: str
    source: str
    unsure: str = ""

    @property
    def period(self) -> str:
        configured = getattr(settings, "DATA_RETENTION_PERIODS", {}) or {}
        return str(configured.get(self.key, self.default_period))

    @property
    def delta(self) -> relativedelta:
        return parse_period(self.period)

    def cutoff(self, on: dt.date) -> dt.date:
        """Records whose period started on or before this date are due on `on`."""
        return on - self.delta


_UNITS = {"year": "years", "years": "years", "month": "months", "months": "months", "day": "days", "days": "days"}


def parse_period(text: str) -> relativedelta:
    """ "25 years" → relativedelta(years=25); raises ValueError for anything else."""
    number, _, unit = str(text).strip().partition(" ")
    if not number.isdigit() or unit.strip().lower() not in _UNITS:
        raise ValueError(f"A retention period is a number and years, months or days, not {text!r}")
    return relativedelta(**{_UNITS[unit.strip().lower()]: int(number)})


#: A value written over a field when a record is anonymised, or a function of the record.
Scrub = object | Callable[[models.Model], object]


@dataclass(frozen=True)
class ChildData:
    """One model that holds data about a pupil."""

    model: type[models.Model]
    label: str
    #: Lookup from the model to the pupil ("" for the pupil record itself).
    pupil_path: str
    retention: RetentionRule
    #: Lookup to the date (or date-time) the retention period runs from.
    runs_from: str
    #: Fields blanked (or replaced) when the record is anonymised; deleted rules need none.
    scrub: Mapping[str, Scrub] = field(default_factory=dict)
    #: The whole condition, given the day, that a record is due, when `runs_from` alone does not say
    #: (e.g. a request that was never placed is due sooner than one that was).
    due_when: Callable[[dt.date], models.Q] | None = None
    #: Further rules `due_when` applies, listed in the privacy notice.
    also: tuple[RetentionRule, ...] = ()
    #: Columns left out of the export (tokens that mean nothing to the child).
    export_exclude: tuple[str, ...] = ("submission_token",)
    order: int = 100
    #: Called with the ids of records about to be anonymised or deleted, for what is stored
    #: elsewhere from them (figures whose wording may name the child, forgotten and counted again).
    forget: Callable[[list[int]], None] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def is_subject(self) -> bool:
        return self.pupil_path == ""

    def pupil_lookup(self, then: str = "") -> str:
        """The lookup from this model to the pupil, or to one of the pupil's fields (`then`)."""
        if self.is_subject:
            return "pk__in" if then == "in" else (then or "pk")
        return f"{self.pupil_path}__{then}" if then else self.pupil_path

    def for_pupil(self, pupil_id: int) -> models.QuerySet:
        manager = self.model._base_manager
        if self.is_subject:
            return manager.filter(pk=pupil_id)
        return manager.filter(**{self.pupil_path: pupil_id})

    def history_for_pupil(self, pupil_id: int) -> models.QuerySet | None:
        """The simple-history rows of this pupil's records (deleted ones too), or None."""
        history = getattr(self.model, "history", None)
        if history is None or not hasattr(history, "model"):
            return None
        if self.is_subject:
            return history.model.objects.filter(id=pupil_id)
        # simple-history keeps foreign keys (without constraints) on its rows, so the same lookup
        # finds the history of records deleted since.
        return history.model.objects.filter(**{self.pupil_path: pupil_id})

    def due(self, on: dt.date) -> models.QuerySet:
        """Records past their retention on `on` (holds and what was already done are the caller's)."""
        if self.due_when is not None:
            return self.model._base_manager.filter(self.due_when(on))
        return self.model._base_manager.filter(older_than(self.model, self.runs_from, self.retention.cutoff(on)))


def older_than(model: type[models.Model], path: str, cutoff: dt.date) -> models.Q:
    """`path` (a date or date-time lookup from `model`) on or before `cutoff`."""
    found = None
    for part in path.split("__"):
        found = model._meta.get_field(part)
        model = found.related_model or model
    if isinstance(found, models.DateTimeField):
        return models.Q(**{f"{path}__date__lte": cutoff})
    return models.Q(**{f"{path}__lte": cutoff})


_REGISTRY: dict[type[models.Model], ChildData] = {}


def register_child_data(model: type[models.Model], **kwargs) -> ChildData:
    """Register what `model` holds about a pupil (keyword arguments of `ChildData`). Also marks
    its audit events as about a child record."""
    entry = ChildData(model=model, **kwargs)
    _REGISTRY[model] = entry
    CHILD_RECORD_MODELS.add(model)
    return entry


def child_data_kinds() -> list[ChildData]:
    """Every registered kind, the pupil record first."""
    return sorted(_REGISTRY.values(), key=lambda e: (not e.is_subject, e.order, e.label))


def child_data_for(model: type[models.Model]) -> ChildData | None:
    return _REGISTRY.get(model)


def subject_model() -> type[models.Model] | None:
    """The pupil model (the kind registered with an empty pupil_path)."""
    return next((e.model for e in _REGISTRY.values() if e.is_subject), None)


def retention_rules() -> list[RetentionRule]:
    """Each rule once, in the order its first kind is registered (for the privacy notice)."""
    seen: dict[str, RetentionRule] = {}
    for entry in child_data_kinds():
        for rule in (entry.retention, *entry.also):
            seen.setdefault(rule.key, rule)
    return list(seen.values())


def is_history_model(model: type[models.Model]) -> bool:
    """A django-simple-history table: covered by the model it records."""
    return hasattr(model, "instance_type") and hasattr(model, "history_id")


def pupil_linked_models() -> set[type[models.Model]]:
    """Every model with a foreign key (or one-to-one) to the pupil model, directly or through
    another model that has one. History tables are left out: they follow their model."""
    subject = subject_model()
    if subject is None:
        return set()
    linked = {subject}
    candidates = [m for m in apps.get_models() if not is_history_model(m)]
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in linked:
                continue
            targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation and f.many_to_one}
            targets |= {f.related_model for f in model._meta.concrete_fields if f.is_relation and f.one_to_one}
            if targets & linked:
                linked.add(model)
                grew = True
    return linked


def unregistered_pupil_linked_models() -> list[str]:
    """Labels of models that hold pupil data but are not registered (should be empty)."""
    return sorted(m._meta.label for m in pupil_linked_models() if m not in _REGISTRY)
