"""Views of the data protection app."""

from .exports import export_detail, export_download, export_new
from .privacy import privacy_notice
from .retention import hold_new, hold_release_view, retention_schedule

__all__ = [
    "export_detail",
    "export_download",
    "export_new",
    "hold_new",
    "hold_release_view",
    "privacy_notice",
    "retention_schedule",
]
