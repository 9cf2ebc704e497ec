"""The LA's panel for LA-commissioned requests: approve, decline, or ask for more information."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import PanelDecision, PanelDecisionKind, Placement, PlacementStatus
from .booking import _la_acts_for, _locked, _move

DECISION_STATUS = {
    PanelDecisionKind.APPROVE: PlacementStatus.APPROVED,
    PanelDecisionKind.DECLINE: PlacementStatus.DECLINED,
    PanelDecisionKind.MORE_INFORMATION: PlacementStatus.MORE_INFORMATION,
}


def panel_decide(*, user, placement: Placement, decision: str, reasons: str, decision_date: dt.date) -> Placement:
    """Record the panel's decision with its reasons and date, and move the request on."""
    if decision not in DECISION_STATUS:
        raise ValidationError({"decision": "Select the panel's decision"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for the decision"})
    with transaction.atomic():
        placement = _locked(placement)
        if not _la_acts_for(user, placement.pupil.home_la_id):
            raise ValidationError("Only an officer of the pupil's local authority can record a panel decision")
        if not placement.requires_panel or placement.status not in (
            PlacementStatus.REQUESTED,
            PlacementStatus.MORE_INFORMATION,
        ):
            raise ValidationError("This request is not waiting for a panel decision")
        if decision == PanelDecisionKind.MORE_INFORMATION and placement.status == PlacementStatus.MORE_INFORMATION:
            return placement
        PanelDecision.objects.create(
            placement=placement,
            decision=decision,
            reasons=reasons.strip(),
            decision_date=decision_date,
            decided_by=user,
        )
        return _move(placement, DECISION_STATUS[decision], user=user, note=reasons.strip())
