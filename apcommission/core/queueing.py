"""Queueing a Celery task without ever failing the request that asked for it.

`enqueue_on_commit` sends the task by name once the transaction commits. When the broker cannot be
reached the change has still been saved: the failure is logged and `on_failure` runs, so the page
can say the work will start later, and the record stays waiting for the task that drains it on the
next beat (the record is the outbox). Publishing fails fast (no retries against a broker that is
down) so a person is never kept waiting."""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import current_app
from django.db import transaction

log = logging.getLogger(__name__)

#: kombu's publish retry, kept short: a broker that is down answers within about a second.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def enqueue(task_name: str, *args) -> bool:
    """Send the task now; False (and a warning in the log) when the broker is unreachable."""
    try:
        current_app.tasks[task_name].apply_async(args=args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:  # kombu's OperationalError, a refused socket, a missing broker folder …
        log.warning("Could not queue %s%r: the broker is unreachable; it will be sent again later", task_name, args)
        return False
    return True


def enqueue_on_commit(task_name: str, *args, on_failure: Callable[[], None] | None = None) -> None:
    """Send the task when the current transaction commits (at once outside one)."""

    def send() -> None:
        if not enqueue(task_name, *args) and on_failure is not None:
            on_failure()

    transaction.on_commit(send)
