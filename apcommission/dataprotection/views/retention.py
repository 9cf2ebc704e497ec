"""The retention schedule as it applies to an officer's LA: what falls due now and within a month
(a dry run of the nightly task), the pupils on legal hold, placing and releasing a hold."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from apcommission.core.audit import audit_view
from apcommission.core.forms import apply_errors
from apcommission.core.scoping import access_or_404, scope_for

from ..forms import LegalHoldForm
from ..models import LegalHold
from ..querysets import data_protection_la_ids
from ..selectors import retention_forecast
from ..services import hold_place, hold_release
from ._common import data_protection_pupil_page, data_protection_view, pupil_or_404


@data_protection_view
def retention_schedule(request):
    today = timezone.localdate()
    forecast = retention_forecast(
        la_ids=data_protection_la_ids(scope_for(request.user)), today=today, by=today + relativedelta(months=1)
    )
    return render(request, "dataprotection/retention.html", {"forecast": forecast})


@data_protection_pupil_page
def hold_new(request, pk: int):
    pupil = pupil_or_404(request.user, pk)
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hold_place(
                pupil=pupil,
                reason=form.cleaned_data["reason"],
                by=request.user,
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Hold placed: {pupil.full_name}'s records will be kept until it is released")
            return redirect("dataprotection:retention")
    audit_view(request, pupil)
    current = LegalHold.objects.visible_to(request.user).filter(pupil=pupil, released_at__isnull=True).first()
    return render(request, "dataprotection/hold_new.html", {"pupil": pupil, "form": form, "current": current})


@data_protection_pupil_page
def hold_release_view(request, pk: int):
    """GET: are you sure? POST: release."""
    hold = access_or_404(LegalHold.objects.select_related("pupil"), request.user, pk=pk)
    if request.method == "POST":
        hold_release(hold=hold, by=request.user)
        messages.success(
            request, f"Hold released: {hold.pupil.full_name}'s records follow the retention schedule again"
        )
        return redirect("dataprotection:retention")
    audit_view(request, hold)
    return render(request, "dataprotection/hold_release.html", {"hold": hold})
