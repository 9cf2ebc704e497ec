"""Subject access: confirm and start an export for a pupil, its progress page, the download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render

from apcommission.core.audit import audit_export, audit_view
from apcommission.core.child_records import child_data_kinds
from apcommission.core.forms import apply_errors
from apcommission.core.scoping import access_or_404

from ..forms import ExportForm
from ..models import SubjectAccessExport
from ..services import export_request
from ._common import data_protection_pupil_page, pupil_or_404

#: Seconds between refreshes of an export's page while it is being prepared (HTTP Refresh: no script).
REFRESH_SECONDS = 3


@data_protection_pupil_page
def export_new(request, pk: int):
    pupil = pupil_or_404(request.user, pk)
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            export = export_request(
                pupil=pupil, by=request.user, submission_token=form.cleaned_data["submission_token"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if getattr(export, "queue_failed", False):
                messages.warning(
                    request,
                    "The export is saved but cannot start yet: the task queue is not answering. It will start "
                    "by itself within a few minutes of the queue coming back; you can leave this page.",
                )
            return redirect("dataprotection:export-detail", pk=export.pk)
    audit_view(request, pupil)
    previous = SubjectAccessExport.objects.visible_to(request.user).filter(pupil=pupil).select_related("requested_by")
    return render(
        request,
        "dataprotection/export_new.html",
        {"pupil": pupil, "form": form, "kinds": child_data_kinds(), "previous": previous[:10]},
    )


@data_protection_pupil_page
def export_detail(request, pk: int):
    export = access_or_404(SubjectAccessExport.objects.select_related("pupil", "requested_by"), request.user, pk=pk)
    if not export.in_progress:  # the refreshes while it is prepared are not each a new look
        audit_view(request, export)
    response = render(request, "dataprotection/export_detail.html", {"export": export})
    if export.in_progress:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@data_protection_pupil_page
def export_download(request, pk: int):
    export = access_or_404(SubjectAccessExport.objects.select_related("pupil"), request.user, pk=pk)
    if not export.is_ready:
        return redirect("dataprotection:export-detail", pk=export.pk)
    audit_export(request, f"Subject access export {export.pk} (sha256 {export.checksum[:12]})")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"subject-access-{export.pupil_id}-{export.created_on:%Y-%m-%d}-{export.pk}.zip",
        content_type="application/zip",
    )
