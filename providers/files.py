"""Uploaded evidence and compliance documents: at most settings.UPLOAD_MAX_BYTES (10 MB), PDF,
image or Office files only, checked by extension *and* by the first bytes of the file, stored
under MEDIA_ROOT with a random name and served only by scoped views (never from a public URL)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PDF = (b"%PDF-",)
PNG = (b"\x89PNG\r\n\x1a\n",)
JPEG = (b"\xff\xd8\xff",)
GIF = (b"GIF87a", b"GIF89a")
ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument are zip files
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc, .xls, .ppt

#: extension -> (content type, accepted first bytes)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", PDF),
    ".png": ("image/png", PNG),
    ".jpg": ("image/jpeg", JPEG),
    ".jpeg": ("image/jpeg", JPEG),
    ".gif": ("image/gif", GIF),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".ppt": ("application/vnd.ms-powerpoint", OLE),
}

WRONG_TYPE = "The selected file must be a PDF, image (JPG, PNG or GIF) or Office document (Word, Excel or PowerPoint)"


def upload_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def content_type_for(name: str) -> str:
    return ALLOWED_TYPES.get(extension_of(name), ("application/octet-stream", ()))[0]


def validate_upload(upload) -> None:
    """Refuse empty, too large, or wrongly typed files, with GOV.UK error messages."""
    limit = upload_max_bytes()
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}", code="too_large")
    allowed = ALLOWED_TYPES.get(extension_of(upload.name))
    if allowed is None:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in allowed[1]):
        raise ValidationError(WRONG_TYPE, code="wrong_type")


def safe_original_name(name: str) -> str:
    """The uploaded name without any path, for the download's Content-Disposition."""
    base = PurePath((name or "file").replace("\\", "/")).name
    return base[:200] or "file"


def private_upload_to(instance, filename: str) -> str:
    """A random name under providers/: the original name is kept on the row, not in the path."""
    return f"providers/{uuid.uuid4().hex}{extension_of(filename)}"
