"""Applying the retention schedule (UK GDPR article 5(1)(e), storage limitation).

For each registered kind of child record (apcommission.core.child_records), the records past their
retention date — not of a pupil on legal hold, not already done — are anonymised (free text,
names, UPN and exact date of birth removed; every row, status, date, key stage and amount that a
figure counts kept, so past Forum packs and dashboards add up the same) or, for the few kinds whose
rule says so, deleted. The pupil record goes last, then the audit log's descriptions of the
pupil's records. Each run is audited per LA and kind; a dry run changes nothing and says what a
real run would do. Safe to run twice, or on a late day: what is due is worked out from the data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from apcommission.core.audit import audit_record
from apcommission.core.child_records import ChildData, RetentionAction, child_data_kinds
from apcommission.core.models import AuditAction, AuditEvent

from ..models import RetainedRecord
from ..selectors.retention import due_records

BATCH = 500


@dataclass
class RetentionReport:
    on: dt.date
    dry_run: bool
    #: (kind label, action) → records
    done: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.done.values())


def _ordered_kinds() -> list[ChildData]:
    """Records first, the pupil record last (it is what names them)."""
    kinds = child_data_kinds()
    return [k for k in kinds if not k.is_subject] + [k for k in kinds if k.is_subject]


def _scrubbed_values(kind: ChildData, obj: models.Model) -> dict:
    return {name: value(obj) if callable(value) else value for name, value in kind.scrub.items()}


def _anonymise(kind: ChildData, ids: list[int], rule_key: str) -> None:
    base = kind.model._base_manager
    history = getattr(kind.model, "history", None)
    history_model = history.model if history is not None and hasattr(history, "model") else None
    history_fields = {f.name for f in history_model._meta.concrete_fields} if history_model else set()
    dynamic = any(callable(v) for v in kind.scrub.values())
    with transaction.atomic():
        if dynamic:
            for obj in base.filter(pk__in=ids):
                values = _scrubbed_values(kind, obj)
                base.filter(pk=obj.pk).update(**values)
                if history_model is not None:
                    kept = {k: v for k, v in values.items() if k in history_fields}
                    if kept:
                        history_model.objects.filter(id=obj.pk).update(**kept)
        elif kind.scrub:
            base.filter(pk__in=ids).update(**kind.scrub)
            if history_model is not None:
                kept = {k: v for k, v in kind.scrub.items() if k in history_fields}
                if kept:
                    history_model.objects.filter(id__in=ids).update(**kept)
        content_type = ContentType.objects.get_for_model(kind.model)
        RetainedRecord.objects.bulk_create(
            [RetainedRecord(content_type=content_type, object_id=pk, rule=rule_key) for pk in ids],
            ignore_conflicts=True,
        )
        if kind.is_subject:
            _scrub_audit_descriptions(ids)


def _scrub_audit_descriptions(pupil_ids: list[int]) -> None:
    """The audit log keeps who did what and when, but no longer names the child."""
    for kind in child_data_kinds():
        ids = [str(pk) for pk in kind.model._base_manager.filter(**{kind.pupil_lookup("in"): pupil_ids})
               .values_list("pk", flat=True)]  # fmt: skip
        if ids:
            AuditEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(kind.model), object_id__in=ids
            ).update(object_repr=f"Anonymised {kind.model._meta.verbose_name}", changes={})


def _audit(kind: ChildData, by_la: Counter, *, by, action: str) -> None:
    verb = "Deleted" if action == RetentionAction.DELETE else "Anonymised"
    for la_id, count in by_la.items():
        audit_record(
            user=by,
            action=AuditAction.DELETE if action == RetentionAction.DELETE else AuditAction.CHANGE,
            description=f"Retention: {verb.lower()} {count} × {kind.label} past {kind.retention.period}",
            local_authority_id=la_id,
        )


def retention_apply(*, on: dt.date | None = None, dry_run: bool = False, by=None, la_ids=None) -> RetentionReport:
    """Anonymise or delete whatever is past its retention date on `on` (today by default)."""
    on = on or timezone.localdate()
    report = RetentionReport(on=on, dry_run=dry_run)
    for kind in _ordered_kinds():
        action = kind.retention.action
        due = due_records(kind, on, la_ids).order_by().values_list("pk", kind.pupil_lookup("home_la_id"))
        rows = list(due)
        if not rows:
            continue
        report.done[(kind.label, action)] = len(rows)
        if dry_run:
            continue
        for start in range(0, len(rows), BATCH):
            ids = [pk for pk, _ in rows[start : start + BATCH]]
            if kind.forget is not None:
                kind.forget(ids)
            if action == RetentionAction.DELETE:
                kind.model._base_manager.filter(pk__in=ids).delete()
            else:
                _anonymise(kind, ids, kind.retention.key)
        _audit(kind, Counter(la for _, la in rows), by=by, action=action)
    return report
