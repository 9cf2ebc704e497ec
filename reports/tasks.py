"""Celery tasks of the reports app: one-line wrappers around services."""

from celery import shared_task
from django.utils import timezone

from .services.census import census_figures_refresh
from .services.packs import pack_generate, packs_requeue_waiting


@shared_task(ignore_result=True, acks_late=True)
def generate_pack(pack_id: int) -> None:
    """A Forum pack too large to render during the request (reports.services.packs)."""
    pack_generate(pack_id=pack_id)


@shared_task(ignore_result=True)
def requeue_waiting_packs() -> None:
    """Packs asked for while the broker was down, or whose worker died (every 5 minutes)."""
    packs_requeue_waiting()


@shared_task(ignore_result=True)
def refresh_census_figures() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): recount the census figures that are stale or old (docs/adr/0005)."""
    census_figures_refresh(now=timezone.now())
