"""The provider register's panels on each user's home page."""

from __future__ import annotations

from django.urls import reverse

from apcommission.core.models import Role
from apcommission.core.scoping import Scope

from ..choices import MUST_REGISTER, ChangeStatus
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
                        "url": f"{reverse('providers:qa-reviews')}?show=awaiting",
                        "hint": f"{awaiting} waiting",
                    },
                    {
                        "label": "Documents expired or expiring within 30 days",
                        "url": reverse("providers:documents"),
                        "hint": f"{due} documents",
                    },
                    {
                        "label": "Open concerns",
                        "url": f"{reverse('providers:concerns')}?show=open",
                        "hint": f"{concerns} open",
                    },
                    {
                        "label": "Changes asked for by providers",
                        "url": reverse("providers:change-requests"),
                        "hint": f"{changes} waiting",
                    },
                    {"label": "Gap analysis", "url": reverse("providers:gap-analysis"), "hint": ""},
                ],
            }
        )
        _first, total = providers_that_must_register(user=user, limit=0)
        if total:
            noun = "provider" if total == 1 else "providers"
            panels[-1]["links"].insert(
                0,
                {
                    "label": f"{total} {noun} must register as an independent school",
                    "url": f"{reverse('providers:register')}?registration={MUST_REGISTER}",
                    "hint": "by today's placements",
                },
            )
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
