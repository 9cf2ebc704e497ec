"""Celery tasks of the placements app: one-line wrappers around services that tests call directly."""

from celery import shared_task
from django.utils import timezone

from .services.attendance import attendance_alerts_send_due
from .services.deadlines import deadlines_refresh_open
from .services.figures import figures_refresh
from .services.reminders import reminders_send_due


@shared_task(ignore_result=True)
def send_attendance_alerts() -> None:
    """Every 15 minutes on weekday school hours (CELERY_BEAT_SCHEDULE in settings): same-day missing-pupil alerts."""
    attendance_alerts_send_due(now=timezone.now())


@shared_task(ignore_result=True)
def refresh_figures() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): recount the maintained figures that are stale or old (docs/adr/0005)."""
    figures_refresh(now=timezone.now())


@shared_task(ignore_result=True)
def send_deadline_reminders() -> None:
    """Daily at 07:00 Europe/London (CELERY_BEAT_SCHEDULE): reminders of statutory deadlines."""
    reminders_send_due(now=timezone.now())


@shared_task(ignore_result=True)
def refresh_open_deadlines() -> None:
    """Nightly at 02:45 (CELERY_BEAT_SCHEDULE): open deadlines worked out again on today's calendars."""
    deadlines_refresh_open()
