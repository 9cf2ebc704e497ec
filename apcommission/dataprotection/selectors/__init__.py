"""Reads of the data protection app: a pupil's data for export, and what retention will do."""

from .retention import RetentionForecast, retention_forecast
from .subject_access import SubjectAccessData, Table, count_pupil_records, subject_access_data

__all__ = [
    "RetentionForecast",
    "SubjectAccessData",
    "Table",
    "count_pupil_records",
    "retention_forecast",
    "subject_access_data",
]
