"""Celery tasks of the data protection app: one-line wrappers around services. acks_late: a
worker killed mid-task leaves the message on the queue and another runs it again, which the
services make harmless (a ready export is left alone; retention works out what is still due)."""

from celery import shared_task

from .services import export_build, exports_requeue_waiting, retention_apply


@shared_task(bind=True, ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def build_export(self, export_id: int) -> None:
    """A subject access export too large to build during the request. A redelivered message means
    the worker that had it died: this run takes the build over."""
    export_build(export_id=export_id, take_over=bool((self.request.delivery_info or {}).get("redelivered")))


@shared_task(ignore_result=True, acks_late=True)
def requeue_waiting_exports() -> None:
    """Exports asked for while the broker was down, or whose worker died (every 5 minutes)."""
    exports_requeue_waiting()


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def apply_retention() -> None:
    """The nightly retention run (CELERY_BEAT_SCHEDULE)."""
    retention_apply()
