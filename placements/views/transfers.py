"""Pupils a school added with a UPN the service already holds: the officer's list and decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from apcommission.core.audit import audit_view
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import access_or_404

from ..forms.transfers import MERGE, ResolveTransferForm
from ..models import Pupil, PupilTransfer
from ..services import can_merge_transfer, can_resolve_transfer, pupil_transfer_correct, pupil_transfer_merge
from ._common import LA_ACTING


@role_required(*LA_ACTING)
def transfer_list(request):
    transfers = (
        PupilTransfer.objects.visible_to(request.user).pending().select_related("home_school__organisation")[:200]
    )
    return render(request, "placements/transfer_list.html", {"transfers": transfers})


@pupil_page_roles(*LA_ACTING)
def transfer_resolve(request, pk: int):
    transfer = access_or_404(
        PupilTransfer.objects.pending().select_related("home_school__organisation", "home_la"), request.user, pk=pk
    )
    if not can_resolve_transfer(request.user, transfer):  # pragma: no cover - LA scope already says so
        return redirect("placements:transfer-list")
    can_merge = can_merge_transfer(request.user, transfer)
    existing = (
        Pupil.objects.visible_to(request.user).select_related("home_school__organisation").get(pk=transfer.existing_id)
        if can_merge
        else None
    )
    form = ResolveTransferForm(request.POST or None, school_name=transfer.home_school.name, can_merge=can_merge)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["resolution"] == MERGE:
                pupil = pupil_transfer_merge(user=request.user, transfer=transfer)
                done = f"{pupil.full_name}'s record has moved to {transfer.home_school.name}"
            else:
                pupil = pupil_transfer_correct(user=request.user, transfer=transfer, upn=form.cleaned_data["upn"])
                done = f"{pupil.full_name} has been added with the UPN {pupil.upn}"
        except ValidationError as error:
            form.apply_errors(error, field_map={"resolution": "resolution", "upn": "upn"})
        else:
            messages.success(request, done)
            return redirect("placements:pupil-detail", pk=pupil.pk)
    else:
        audit_view(request, transfer)
        if existing is not None:
            audit_view(request, existing)
    context = {"transfer": transfer, "existing": existing, "form": form}
    return render(request, "placements/transfer_resolve.html", context)
