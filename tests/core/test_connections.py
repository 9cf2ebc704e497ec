"""A new PostgreSQL connection keeps as many prepared statements as the settings say."""

import pytest
from django.db import connection, connections


@pytest.mark.django_db
def test_a_new_postgresql_connection_keeps_the_prepared_statements_the_settings_say(settings):
    if connection.vendor != "postgresql":
        pytest.skip("psycopg's prepared statements are PostgreSQL's")
    settings.DATABASE_PREPARED_MAX = 321
    new = connections.create_connection("default")
    try:
        new.ensure_connection()
        assert new.connection.prepared_max == 321
    finally:
        new.close()
