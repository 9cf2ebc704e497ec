"""Writes to the improvement plan: priority areas and their actions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from apcommission.core.audit import audit_change, snapshot

from ..models import ActionStatus, ImprovementAction, PriorityArea
from ._common import require_author


@transaction.atomic
def priority_area_add(*, local_authority, title: str, by) -> PriorityArea:
    """A new priority area; the same title again (a double submit) is the area already there."""
    require_author(by, local_authority.pk)
    existing = PriorityArea.objects.filter(local_authority=local_authority, title__iexact=title.strip()).first()
    if existing is not None:
        return existing
    last = PriorityArea.objects.filter(local_authority=local_authority).aggregate(n=Max("position"))["n"] or 0
    area = PriorityArea(local_authority=local_authority, title=title.strip(), position=last + 1)
    area.full_clean()
    area.save()
    audit_change(user=by, obj=area)
    return area


@transaction.atomic
def improvement_action_save(
    *,
    area: PriorityArea,
    description: str,
    lead: str,
    due_date: dt.date,
    status: str = ActionStatus.NOT_STARTED,
    progress_note: str = "",
    by,
    action: ImprovementAction | None = None,
    submission_token=None,
) -> ImprovementAction:
    """Add an action to an area (once per submission token), or change one (its status as the
    board reviews it)."""
    require_author(by, area.local_authority_id)
    if action is None and submission_token is not None:
        existing = ImprovementAction.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    before = snapshot(action) if action is not None else None
    action = action or ImprovementAction(area=area, submission_token=submission_token)
    action.description, action.lead, action.due_date = description.strip(), lead.strip(), due_date
    action.status, action.progress_note = status, progress_note.strip()
    action.full_clean()
    action.save()
    audit_change(user=by, obj=action, before=before)
    return action
