"""Legal holds: keep every record about a pupil past its retention date (a claim, a complaint, an
inquiry, a safeguarding review), until an officer releases the hold. Audited."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.scoping import scope_for

from ..models import LegalHold
from ..querysets import data_protection_la_ids


def _check(pupil, by) -> None:
    if pupil.home_la_id not in data_protection_la_ids(scope_for(by)):
        raise PermissionDenied("You cannot place a hold on this pupil's records")


def hold_place(*, pupil, reason: str, by, submission_token: uuid.UUID | None = None) -> LegalHold:
    _check(pupil, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the records must be kept"})
    if submission_token is not None:
        existing = LegalHold.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(pupil=pupil, reason=reason, placed_by=by, submission_token=submission_token)
            audit_change(user=by, obj=hold)
    except IntegrityError:
        raise ValidationError({"reason": "This pupil's records are already on hold"}) from None
    return hold


@transaction.atomic
def hold_release(*, hold: LegalHold, by) -> LegalHold:
    _check(hold.pupil, by)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is None:
        before = snapshot(hold)
        hold.released_at, hold.released_by = timezone.now(), by
        hold.save(update_fields=["released_at", "released_by", "modified_on"])
        audit_change(user=by, obj=hold, before=before)
    return hold
