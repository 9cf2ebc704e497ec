"""Models of the data protection app: subject access exports, legal holds, and what the
retention task has done."""

from .exports import ExportStatus, SubjectAccessExport
from .retention import LegalHold, RetainedRecord

__all__ = ["ExportStatus", "LegalHold", "RetainedRecord", "SubjectAccessExport"]
