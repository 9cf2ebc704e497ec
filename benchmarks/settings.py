"""Settings for the benchmark run only: the service's production settings plus the `benchmarks`
app (reference table, page and the county builder). Never used by the service or its tests.

    DJANGO_SETTINGS_MODULE=benchmarks.settings DATABASE_URL=postgres://.../apc_bench ...
"""

from apcommission.settings.base import *  # noqa: F403
from apcommission.settings.base import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
ROOT_URLCONF = "benchmarks.urls"
