"""Subject access exports (UK GDPR article 15): one pupil's records as a ZIP of a readable summary
(HTML and PDF) and one CSV per kind of record, with their history and the audit trail.

`export_request` records the export, audited, and builds it at once for a pupil with few records
or queues it (`apcommission.dataprotection.tasks.build_export`); the export's page refreshes until it is ready.
If the broker is down, the export waits as "queued" and the beat task that drains waiting exports
sends it again. Building is safe to run twice (a worker killed mid-way and the task redelivered):
a ready export is left alone, and a half-written file is never stored."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import tempfile
import uuid
import zipfile
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from apcommission.core.audit import audit_record
from apcommission.core.models import AuditAction
from apcommission.core.pdf import render_pdf
from apcommission.core.queueing import enqueue
from apcommission.core.scoping import scope_for

from ..conf import export_inline_limit
from ..models import ExportStatus, SubjectAccessExport
from ..querysets import data_protection_la_ids
from ..selectors.subject_access import count_pupil_records, subject_access_data

log = logging.getLogger(__name__)

BUILD_TASK = "apcommission.dataprotection.tasks.build_export"
#: A build that has said nothing for this long is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=10)


def _safe_cell(value: str) -> str:
    """Formulae neutralised (CSV injection): a child's words must never run in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_bytes(table) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def export_request(*, pupil, by, submission_token: uuid.UUID | None = None) -> SubjectAccessExport:
    """Record an export of everything held about `pupil` (one per submission token) and start it:
    built now for a pupil with few records, else queued. `export.queue_failed` is True when it
    could not be queued yet (the broker is down); it is sent again by `exports_requeue_waiting`."""
    if pupil.home_la_id not in data_protection_la_ids(scope_for(by)):
        raise PermissionDenied("You cannot export this pupil's records")
    with transaction.atomic():
        if submission_token is not None:
            existing = SubjectAccessExport.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing
        export = SubjectAccessExport.objects.create(
            pupil=pupil, local_authority_id=pupil.home_la_id, requested_by=by, submission_token=submission_token
        )
        audit_record(user=by, action=AuditAction.EXPORT, obj=export, changes={"pupil": [None, pupil.pk]})
        export.queue_failed = False
        large = count_pupil_records(pupil.pk) > export_inline_limit()
    if large:
        # Sent once the export is committed (just above); if the broker is down it waits as queued.
        export.queue_failed = not enqueue(BUILD_TASK, export.pk)
        return export
    try:
        return export_build(export_id=export.pk)
    except Exception:  # the export's page says it failed; the log has the traceback
        return SubjectAccessExport.objects.get(pk=export.pk)


def _claim(export_id: int, *, take_over: bool = False) -> bool:
    """Mark the export as being built, unless it is ready or another build is alive. `take_over`:
    the message was redelivered because the worker building it died, so its build is not alive."""
    now = timezone.now()
    claimable = SubjectAccessExport.objects.filter(pk=export_id).filter(
        models.Q(status__in=[ExportStatus.QUEUED, ExportStatus.FAILED])
        | models.Q(status=ExportStatus.RUNNING, modified_on__lt=now - STALE_AFTER)
        | (models.Q(status=ExportStatus.RUNNING) if take_over else models.Q(pk__in=[]))
    )
    return bool(claimable.update(status=ExportStatus.RUNNING, progress=1, modified_on=now))


def _progress(export_id: int, percent: int) -> None:
    SubjectAccessExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        progress=max(1, min(percent, 99)), modified_on=timezone.now()
    )


def _write_zip(handle, data) -> None:
    summary = render_to_string("dataprotection/subject_access_summary.html", {"data": data})
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", summary)
        archive.writestr("summary.pdf", render_pdf("dataprotection/subject_access_summary.html", {"data": data}))
        for table in (*data.tables, *data.history, data.audit_trail):
            archive.writestr(f"{table.name}.csv", _csv_bytes(table))
        for name, stored in data.files:
            with stored.open("rb") as source:
                archive.writestr(name, source.read())


def export_build(*, export_id: int, take_over: bool = False) -> SubjectAccessExport | None:
    """Gather, write the ZIP to a temporary file, then store it and mark the export ready."""
    if not _claim(export_id, take_over=take_over):
        return SubjectAccessExport.objects.filter(pk=export_id).first()
    export = SubjectAccessExport.objects.select_related("pupil").get(pk=export_id)
    try:
        data = subject_access_data(export.pupil, progress=lambda p: _progress(export_id, p))
        with tempfile.TemporaryFile() as handle:
            _write_zip(handle, data)
            handle.seek(0)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            size = handle.tell()
            handle.seek(0)
            with transaction.atomic():
                export = SubjectAccessExport.objects.select_for_update().get(pk=export_id)
                if export.status == ExportStatus.READY:
                    return export
                export.file.save(f"subject-access-{export.pk}-{uuid.uuid4().hex}.zip", File(handle), save=False)
                export.size_bytes, export.checksum, export.records = size, digest, data.total_rows
                export.status, export.progress, export.finished_at = ExportStatus.READY, 100, timezone.now()
                export.error = ""
                export.save()
    except Exception as error:  # recorded on the export for the officer; the traceback goes to the log
        log.exception("Subject access export %s failed", export_id)
        SubjectAccessExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(error)[:2000])
        raise
    return export


def exports_requeue_waiting(*, now=None) -> int:
    """Send again exports still waiting (the broker was down when they were asked for) or whose
    build died with its worker. Run by beat; returns how many were sent."""
    now = now or timezone.now()
    waiting = SubjectAccessExport.objects.filter(
        status=ExportStatus.QUEUED, modified_on__lt=now - timedelta(minutes=2)
    ) | SubjectAccessExport.objects.filter(status=ExportStatus.RUNNING, modified_on__lt=now - STALE_AFTER)
    sent = 0
    for export_id in waiting.values_list("pk", flat=True):
        if enqueue(BUILD_TASK, export_id):
            sent += 1
    return sent
