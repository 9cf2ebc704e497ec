from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Installed only by benchmarks.settings: the reference table and page, and the commands that
    build the benchmark county."""

    name = "benchmarks"
    verbose_name = "Benchmark (never installed in production)"
    default_auto_field = "django.db.models.BigAutoField"
