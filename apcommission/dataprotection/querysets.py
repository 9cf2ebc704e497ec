"""Who may see exports and legal holds: staff of the pupil's home LA with a data protection role
(apcommission.dataprotection.conf), and nobody else — not schools, providers or another LA."""

from __future__ import annotations

from django.db import models

from apcommission.core.scoping import Scope, ScopedQuerySet

from .conf import data_protection_roles


def data_protection_la_ids(scope: Scope) -> frozenset[int]:
    """The LAs whose pupils this scope may export, hold and see retention for."""
    ids: set[int] = set()
    for role in data_protection_roles():
        ids |= scope.orgs_with_role(role)
    return frozenset(ids & scope.la_ids)


class PupilRecordQuerySet(ScopedQuerySet):
    """A record about one pupil, visible to the data protection staff of the pupil's home LA."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        la_ids = data_protection_la_ids(scope)
        return models.Q(pupil__home_la_id__in=la_ids) if la_ids else None
