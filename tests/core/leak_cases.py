from django.urls import reverse

from tests.leak_matrix import EVERYONE_SIGNED_IN, LeakCase


def leak_cases(world):
    return [
        LeakCase(url=reverse("core:home"), allowed=EVERYONE_SIGNED_IN),
        LeakCase(url=reverse("core:audit-log"), allowed=frozenset({"administrator"})),
    ]
