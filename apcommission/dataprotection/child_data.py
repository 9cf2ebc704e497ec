"""What the data protection app itself holds about a child: the exports made for them and legal
holds on their records (registered with apcommission.core.child_records)."""

from __future__ import annotations

from django.db import transaction

from apcommission.core.child_records import RetentionAction, RetentionRule, register_child_data

from .models import ExportStatus, LegalHold, SubjectAccessExport

EXPORT_COPIES = RetentionRule(
    key="subject_access_copy",
    label="Copies made for a subject access request (the ZIP file; the record that it was made is kept)",
    default_period="3 months",
    runs_from="the day the copy was made",
    action=RetentionAction.ANONYMISE,
    source="A duplicate of records kept elsewhere: held long enough to send it and answer questions about it "
    "(ICO guidance on the right of access: one month to respond, extendable by two)",
    unsure="An LA that must show exactly what it disclosed (e.g. to the ICO) may keep its own copy in its case file.",
)
LEGAL_HOLDS = RetentionRule(
    key="legal_hold",
    label="Legal holds on a pupil's records (why, by whom, when released)",
    default_period="25 years",
    runs_from="the pupil's date of birth, once the hold is released",
    action=RetentionAction.ANONYMISE,
    source="Kept with the pupil record it concerns",
)


def _remove_file(export: SubjectAccessExport) -> str:
    """Delete the stored ZIP once the anonymisation commits; the field is emptied."""
    if export.file:
        name, storage = export.file.name, export.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    return ""


def register() -> None:
    register_child_data(
        SubjectAccessExport,
        label="Subject access exports",
        pupil_path="pupil",
        retention=EXPORT_COPIES,
        runs_from="created_on",
        scrub={"file": _remove_file, "status": ExportStatus.REMOVED, "size_bytes": 0},
        order=90,
    )
    register_child_data(
        LegalHold,
        label="Legal holds",
        pupil_path="pupil",
        retention=LEGAL_HOLDS,
        runs_from="pupil__date_of_birth",
        scrub={"reason": ""},
        order=91,
    )
