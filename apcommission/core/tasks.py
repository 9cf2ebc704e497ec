"""Celery tasks of the core. Each is a one-line wrapper: the work lives in plain functions that
tests call directly (see docs/operations.md for the schedule)."""

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from .health import worker_heartbeat_record


@shared_task(bind=True, ignore_result=True)
def heartbeat(self) -> None:
    """Scheduled every 5 minutes (CELERY_BEAT_SCHEDULE) so /healthz can show the worker is alive."""
    worker_heartbeat_record(name=self.request.hostname or "worker", now=timezone.now())


@worker_ready.connect
def _heartbeat_on_start(sender=None, **kwargs) -> None:
    """Record the worker as soon as it is ready, not only at the next 5-minute beat."""
    worker_heartbeat_record(name=getattr(sender, "hostname", None) or "worker", now=timezone.now())
