"""Health of the parts the service needs (the database and the Celery broker), and the worker's
heartbeat. /healthz answers 503 only when the database or the broker is down: the heartbeat is
shown for information, because a worker that is restarting must not take the web service out of
a load balancer."""

from __future__ import annotations

import os
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection

from .models import WorkerHeartbeat


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _filesystem_broker_status(options: dict) -> str:
    # kombu's filesystem transport "connects" to anything; what matters is that its folders exist.
    for key in ("data_folder_in", "data_folder_out"):
        folder = options.get(key)
        if not folder or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            return "error: no writable broker folder"
    return "ok"


def broker_status(url: str | None = None) -> str:
    url = url or settings.CELERY_BROKER_URL
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    if url.startswith("filesystem://"):
        return _filesystem_broker_status(options)
    try:
        with Connection(url, connect_timeout=2, transport_options=options) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            if url.startswith("redis"):
                conn.default_channel.client.ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def worker_heartbeat_record(*, name: str, now: datetime) -> WorkerHeartbeat:
    """Upsert the heartbeat row of one Celery process (one row per name, see WorkerHeartbeat)."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen": now})
    return heartbeat


def worker_last_heartbeat() -> dict | None:
    """The most recent heartbeat of any worker, or None if none has run (or the database is down)."""
    try:
        latest = WorkerHeartbeat.objects.order_by("-last_seen").first()
    except DatabaseError:
        return None
    if latest is None:
        return None
    return {"name": latest.name, "last_seen": latest.last_seen.isoformat()}


def health_report() -> tuple[bool, dict]:
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in checks.values())
    worker = worker_last_heartbeat() if checks["database"] == "ok" else None
    return healthy, {"status": "ok" if healthy else "unavailable", **checks, "worker": worker}
