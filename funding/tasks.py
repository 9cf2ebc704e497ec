"""Celery tasks of the funding app: one-line wrappers around services that tests call directly."""

from celery import shared_task
from django.utils import timezone

from .services import commitments_refresh_all
from .services.equity import equity_figures_refresh


@shared_task(ignore_result=True)
def refresh_commitments() -> None:
    """Nightly (CELERY_BEAT_SCHEDULE in settings): every LA's committed costs, month by month."""
    commitments_refresh_all(now=timezone.now())


@shared_task(ignore_result=True)
def refresh_equity_figures() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): the equity rows of LAs whose are stale or old."""
    equity_figures_refresh(now=timezone.now())
