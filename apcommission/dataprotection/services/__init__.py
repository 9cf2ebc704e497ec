"""Writes of the data protection app."""

from .exports import export_build, export_request, exports_requeue_waiting
from .holds import hold_place, hold_release
from .retention import RetentionReport, retention_apply

__all__ = [
    "RetentionReport",
    "export_build",
    "export_request",
    "exports_requeue_waiting",
    "hold_place",
    "hold_release",
    "retention_apply",
]
