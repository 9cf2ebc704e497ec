"""Each new database connection set up as the settings ask (PostgreSQL): how many prepared
statements psycopg keeps on it."""

from __future__ import annotations

from django.conf import settings
from django.db.backends.signals import connection_created
from django.dispatch import receiver


@receiver(connection_created)
def keep_prepared_statements(sender, connection, **kwargs) -> None:
    """psycopg keeps 100 prepared statements a connection, and counts the runs of as many more
    before preparing one. A worker that serves every page runs more than that: the benchmark
    county's 72 pages alone make 105 distinct statements, so with traffic across the service the
    least recently used were dropped and planned again on their next runs. A prepared statement
    costs the server a few kilobytes (the 105 took 152 kB of text in a 21 MB backend)."""
    kept = settings.DATABASE_PREPARED_MAX
    if connection.vendor == "postgresql" and kept:
        connection.connection.prepared_max = kept
