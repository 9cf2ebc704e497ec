"""A school's pupil whose UPN the service holds for a child the school cannot see: kept pending
until an officer of the school's LA confirms the record (placements.models.transfers)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Role
from apcommission.core.scoping import scope_for

from ..models import Pupil, PupilTransfer, TransferStatus
from ..upn import normalise_upn
from .attendance import attendance_cut_offs_follow_pupil
from .pupils import PERSONAL_FIELDS, PupilDetails, pupil_create

RESOLVING_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER)


def can_resolve_transfer(user, transfer: PupilTransfer) -> bool:
    """Officers and managers of the school's local authority."""
    scope = scope_for(user)
    return any(transfer.home_la_id in scope.orgs_with_role(role) for role in RESOLVING_ROLES)


def can_merge_transfer(user, transfer: PupilTransfer) -> bool:
    """The same child may be moved onto the school's roll only by an officer who may see the
    record that holds the UPN (another LA's record is that LA's to move)."""
    return (
        can_resolve_transfer(user, transfer) and Pupil.objects.visible_to(user).filter(pk=transfer.existing_id).exists()
    )


def pupil_transfer_request(*, user, details: PupilDetails, existing: Pupil) -> PupilTransfer:
    """Keep the school's pupil pending for the LA: called when pupil_create found the UPN on a
    record the school cannot see. A double submit keeps one (one pending per UPN and school)."""
    if details.home_school is None or details.home_school.organisation_id not in scope_for(user).orgs_with_role(
        Role.SCHOOL_USER
    ):
        raise ValidationError({"home_school": "You can only add pupils on your own school's roll"})
    upn = normalise_upn(details.upn)
    pending = PupilTransfer.objects.pending().filter(upn=upn, home_school=details.home_school)
    transfer = PupilTransfer(
        upn=upn,
        existing=existing,
        home_school=details.home_school,
        home_la=details.home_school.organisation.local_authority,
        requested_by=user,
        **{name: _clean(getattr(details, name)) for name in PERSONAL_FIELDS},
    )
    transfer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            transfer.save()
            audit_change(user=user, obj=transfer)
    except IntegrityError:
        found = pending.first()
        if found is None:
            raise
        return found
    return transfer


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _resolve(*, user, transfer: PupilTransfer, status: str, pupil: Pupil) -> PupilTransfer:
    before = snapshot(transfer)
    transfer.status, transfer.pupil, transfer.resolved_by, transfer.resolved_at = status, pupil, user, timezone.now()
    transfer.full_clean()
    transfer.save()
    audit_change(user=user, obj=transfer, before=before)
    return transfer


def _locked_pending(user, transfer: PupilTransfer) -> PupilTransfer:
    if not can_resolve_transfer(user, transfer):
        raise ValidationError("Only an officer of the school's local authority can confirm this pupil's record")
    transfer = PupilTransfer.objects.select_for_update().select_related("existing", "home_school").get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError("This pupil's record has already been confirmed")
    return transfer


def pupil_transfer_merge(*, user, transfer: PupilTransfer) -> Pupil:
    """The same child: the record that holds the UPN moves to the school's roll (and its LA)."""
    with transaction.atomic():
        transfer = _locked_pending(user, transfer)
        if not can_merge_transfer(user, transfer):
            raise ValidationError({"resolution": "The record with this UPN is held by another local authority"})
        pupil = Pupil.objects.select_for_update().get(pk=transfer.existing_id)
        before = snapshot(pupil)
        pupil.home_school, pupil.home_la_id = transfer.home_school, transfer.home_la_id
        pupil.full_clean()
        pupil.save()
        audit_change(user=user, obj=pupil, before=before)
        # Its attendance cut-offs go with it: today's alerts are the new LA's to see.
        attendance_cut_offs_follow_pupil(pupil=pupil)
        return _resolve(user=user, transfer=transfer, status=TransferStatus.MERGED, pupil=pupil).pupil


def pupil_transfer_correct(*, user, transfer: PupilTransfer, upn: str) -> Pupil:
    """A different child, or a mistyped UPN: the school's pupil is added with the correct UPN (the
    same checks as any new pupil: the check letter, and new to the service)."""
    with transaction.atomic():
        transfer = _locked_pending(user, transfer)
        details = PupilDetails(
            upn=upn,
            home_la=transfer.home_la,
            home_school=transfer.home_school,
            **{name: getattr(transfer, name) for name in PERSONAL_FIELDS},
        )
        pupil = pupil_create(user=user, details=details)
        return _resolve(user=user, transfer=transfer, status=TransferStatus.CORRECTED, pupil=pupil).pupil
