"""What the retention task will do: per kind of record, how many are due now and by a later day,
for an officer's own LA; the pupils whose record falls due; and the pupils on legal hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from apcommission.core.child_records import ChildData, RetentionAction, child_data_kinds

from ..models import LegalHold, RetainedRecord


def held_pupil_ids() -> models.QuerySet:
    return LegalHold.objects.filter(released_at__isnull=True).values("pupil_id")


def due_records(kind: ChildData, on: dt.date, la_ids=None) -> models.QuerySet:
    """`kind`'s records past retention on `on`: not held, not already anonymised."""
    records = kind.due(on).exclude(**{kind.pupil_lookup("in"): held_pupil_ids()})
    if kind.retention.action == RetentionAction.ANONYMISE:
        done = RetainedRecord.objects.filter(content_type=ContentType.objects.get_for_model(kind.model))
        records = records.exclude(pk__in=done.values("object_id"))
    if la_ids is not None:
        records = records.filter(**{kind.pupil_lookup("home_la_id__in"): la_ids})
    return records


@dataclass
class KindForecast:
    kind: ChildData
    due_now: int
    due_by: int


@dataclass
class RetentionForecast:
    today: dt.date
    by: dt.date
    kinds: list[KindForecast]
    pupils_due: list
    pupils_due_count: int
    holds: list[LegalHold]


def retention_forecast(*, la_ids, today: dt.date, by: dt.date, pupils_shown: int = 50) -> RetentionForecast:
    # Every kind's content type in one query (due_records reads them from the cache it fills),
    # rather than one each for a process that has not looked them up yet.
    ContentType.objects.get_for_models(*(kind.model for kind in child_data_kinds()))
    kinds = [
        KindForecast(kind, due_records(kind, today, la_ids).count(), due_records(kind, by, la_ids).count())
        for kind in child_data_kinds()
    ]
    subject = next(k for k in child_data_kinds() if k.is_subject)
    pupils = due_records(subject, by, la_ids).order_by("date_of_birth", "pk")
    holds = (
        LegalHold.objects.filter(released_at__isnull=True, pupil__home_la_id__in=la_ids)
        .select_related("pupil", "placed_by")
        .order_by("-created_on")
    )
    return RetentionForecast(
        today=today,
        by=by,
        kinds=kinds,
        pupils_due=list(pupils[:pupils_shown]),
        pupils_due_count=pupils.count(),
        holds=list(holds),
    )
