"""Running `manage.py seed_demo` in a test, and the row counts that show a second run changed nothing."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
