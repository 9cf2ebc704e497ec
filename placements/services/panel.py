"""The LA's panel for LA-commissioned requests: approve, decline, or ask for more information,
which the requesting school sends back to the panel."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from apcommission.core.audit import audit_change
from apcommission.core.models import Role
from apcommission.core.scoping import scope_for

from ..models import Funder, PanelDecision, PanelDecisionKind, Placement, PlacementStatus, Registration, RequestUpdate
from .booking import _la_acts_for, _locked, _move, _registration_answer

DECISION_STATUS = {
    PanelDecisionKind.APPROVE: PlacementStatus.APPROVED,
    PanelDecisionKind.DECLINE: PlacementStatus.DECLINED,
    PanelDecisionKind.MORE_INFORMATION: PlacementStatus.MORE_INFORMATION,
}


def _settle_left_to_panel(placement: Placement, settled: dict) -> dict:
    """The route's cells the school's request left to the panel (placements.route_choices): who
    pays the lump sum and the top-up, and how the pupil is registered. GOV.UK messages by field."""
    errors: dict[str, str] = {}
    fields: dict[str, str] = {}
    for name, label in (("lump_sum_funder", "the lump sum"), ("top_up_funder", "the top-up")):
        if name in placement.cells_left_to_panel:
            answer = settled.get(f"{name}_choice", "")
            if answer not in (Funder.LA, Funder.SCHOOL):
                errors[f"{name}_choice"] = f"Select who pays {label} – the route lets the LA or the school pay it"
            fields[name] = answer
    if "registration" in placement.cells_left_to_panel:
        registration, main_setting = _registration_answer(
            settled.get("registration_choice", ""), settled.get("main_setting_choice", ""), errors
        )
        fields["registration"], fields["main_setting"] = registration, main_setting
        code = placement.route_snapshot.get("home_school_attendance_code", "")
        fields["home_school_attendance_code"] = code if registration == Registration.DUAL else ""
    if errors:
        raise ValidationError(errors)
    return fields


def panel_decide(
    *,
    user,
    placement: Placement,
    decision: str,
    reasons: str,
    decision_date: dt.date,
    settled: dict | None = None,
) -> Placement:
    """Record the panel's decision with its reasons and date, and move the request on. Approving
    settles what the route left to the LA (`settled`: the *_choice answers, as on a request)."""
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
        fields = _settle_left_to_panel(placement, settled or {}) if decision == PanelDecisionKind.APPROVE else {}
        PanelDecision.objects.create(
            placement=placement,
            decision=decision,
            reasons=reasons.strip(),
            decision_date=decision_date,
            decided_by=user,
        )
        return _move(placement, DECISION_STATUS[decision], user=user, note=reasons.strip(), **fields)


def can_send_more_information(user, placement: Placement) -> bool:
    """The requesting school's users, and the pupil's LA officers on the school's behalf."""
    school = placement.requesting_school
    if school is not None and school.organisation_id in scope_for(user).orgs_with_role(Role.SCHOOL_USER):
        return True
    return school is not None and _la_acts_for(user, placement.pupil.home_la_id)


def placement_send_more_information(
    *, user, placement: Placement, text: str, submission_token: uuid.UUID | None = None
) -> RequestUpdate:
    """The school answers the panel's request for more information: the answer is added to the
    request, which goes back to the panel's queue as requested. One answer per submission token."""
    if not text.strip():
        raise ValidationError({"text": "Enter the information for the panel"})
    with transaction.atomic():
        placement = _locked(placement)
        # Under the placement's lock, so a double submit finds the first answer.
        existing = RequestUpdate.objects.filter(submission_token=submission_token).first() if submission_token else None
        if existing is not None:
            return existing
        if not can_send_more_information(user, placement):
            raise ValidationError("Only the requesting school or an LA officer can send more information to the panel")
        if placement.status != PlacementStatus.MORE_INFORMATION:
            raise ValidationError(
                f"The panel has not asked for more information about this request: it is "
                f"{placement.get_status_display().lower()}"
            )
        question = placement.panel_decisions.filter(decision=PanelDecisionKind.MORE_INFORMATION).order_by("-id").first()
        update = RequestUpdate(
            placement=placement,
            panel_decision=question,
            text=text.strip(),
            by=user,
            submission_token=submission_token or uuid.uuid4(),
        )
        update.full_clean()
        update.save()
        audit_change(user=user, obj=update)
        _move(placement, PlacementStatus.REQUESTED, user=user, note="More information sent to the panel")
    return update
