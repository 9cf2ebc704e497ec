"""The provider register's panels on each user's home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localtime

from apcommission.core.models import Role
from apcommission.core.scoping import Scope

from ..choices import ChangeStatus
from ..models import (
    ChangeRequest,
    Concern,
    Provider,
    QAReview,
)
from ..services._common import OFFICER_ROLES
from .qa import documents_due
from .registration import providers_that_must_register


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Officers: reviews awaiting moderation, documents due, open concerns, change requests;
    schools: the approved list; providers: their own record."""
    panels: list[dict] = []
    if scope.has_role(*OFFICER_ROLES):
        awaiting = QAReview.objects.visible_to(user).awaiting_moderation().count()
        due = documents_due(user=user).count()
        concerns = Concern.objects.visible_to(user).open().count()
        changes = ChangeRequest.objects.visible_to(user).filter(status=ChangeStatus.PENDING).count()
        panels.append(
            {
                "title": "Provider register",
                "links": [
                    {
                        "label": "QA reviews awaiting moderation",
                        "url": reverse("providers:qa-reviews"),
                        "hint": f"{awaiting} waiting",
                    },
                    {
                        "label": "Documents expired or expiring within 30 days",
                        "url": reverse("providers:documents"),
                        "hint": f"{due} documents",
                    },
                    {"label": "Open concerns", "url": reverse("providers:concerns"), "hint": f"{concerns} open"},
                    {
                        "label": "Changes asked for by providers",
                        "url": reverse("providers:change-requests"),
                        "hint": f"{changes} waiting",
                    },
                    {"label": "Gap analysis", "url": reverse("providers:gap-analysis"), "hint": ""},
                ],
            }
        )
        must_register, total = providers_that_must_register(user=user)
        if must_register:
            links = [
                {
                    "label": provider.name,
                    "url": reverse("providers:detail", args=[provider.pk]),
                    "hint": warning.reason + (f" As of {localtime(warning.as_of):%H:%M}." if warning.as_of else ""),
                }
                for provider, warning in must_register
            ]
            if total > len(must_register):
                links.append(
                    {
                        "label": "See every provider in the register",
                        "url": reverse("providers:register"),
                        "hint": f"{total - len(must_register)} more must register",
                    }
                )
            panels.append({"title": "Providers that must register as an independent school", "links": links})
    if scope.has_role(Role.SCHOOL_USER):
        panels.append(
            {
                "title": "Approved providers",
                "links": [
                    {
                        "label": "Find an approved provider",
                        "url": reverse("providers:approved-list"),
                        "hint": "Quality assured by the local authority",
                    },
                    {"label": "Your concerns and feedback", "url": reverse("providers:concerns"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.PROVIDER_USER):
        own = Provider.objects.filter(organisation_id__in=scope.provider_ids).select_related("organisation")
        panels.append(
            {
                "title": "Your provider record",
                "links": [
                    {"label": p.name, "url": reverse("providers:detail", args=[p.pk]), "hint": p.get_status_display()}
                    for p in own
                ],
            }
        )
    return panels
