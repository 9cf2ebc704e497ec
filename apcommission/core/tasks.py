"""Celery tasks of the core. Each is a one-line wrapper: the work lives in plain functions that
tests call directly (see docs/operations.md for the schedule)."""

from celery import shared_task
from django.utils import timezone

from .health import worker_heartbeat_record


@shared_task(bind=True, ignore_result=True)
def heartbeat(self) -> None:
    """Scheduled every 5 minutes (CELERY_BEAT_SCHEDULE) so /healthz can show the worker is alive."""
    worker_heartbeat_record(name=self.request.hostname or "worker", now=timezone.now())
