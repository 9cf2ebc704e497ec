"""The Celery worker's last heartbeat, shown by /healthz."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per Celery process name, touched by the `heartbeat` task, so /healthz and the
    administrator can see when the worker and beat last ran."""

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%H:%M:%S}"
