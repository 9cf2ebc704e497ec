"""Compliance documents: uploaded by officers or the provider's own users, with expiry dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apcommission.core.audit import audit_change

from ..deadlines import provider_deadlines_changed
from ..files import safe_original_name, validate_upload
from ..models import ComplianceDocument, Provider
from ._common import is_officer_for, is_provider_user_for
from .figures import register_figures_changed


@transaction.atomic
def document_upload(
    *,
    provider: Provider,
    author,
    kind: str,
    upload,
    title: str = "",
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> ComplianceDocument:
    """Keep a compliance document (insurance certificate, safeguarding letter, DBS confirmation,
    H&S audit, signed contract) with its expiry date; expired ones show as such (the issue, item 3)."""
    if not (is_officer_for(author, provider) or is_provider_user_for(author, provider)):
        raise PermissionDenied("You cannot add documents to this provider's record")
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": "The expiry date must be the same as or after the date of issue"})
    try:
        validate_upload(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages})
    document = ComplianceDocument(
        provider=provider,
        kind=kind,
        title=title.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        file=upload,
        original_name=safe_original_name(upload.name),
        size=upload.size,
        uploaded_by=author,
    )
    document.full_clean(exclude=["file"])
    document.save()
    audit_change(user=author, obj=document)
    # Its expiry is a deadline; a newer document of the kind meets the older one's.
    provider_deadlines_changed(provider_ids=[provider.pk])
    register_figures_changed(provider_id=provider.pk)
    return document
