"""The Celery app. The beat schedule is plain data in settings (CELERY_BEAT_SCHEDULE)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcommission.settings.base")

app = Celery("apcommission")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
