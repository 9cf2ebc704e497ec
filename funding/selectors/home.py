"""The funding app's panels on each user's home page."""

from __future__ import annotations

from django.urls import reverse

from apcommission.core.models import Role
from apcommission.core.scoping import Scope

from ..models import Invoice, InvoiceStatus


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Finance officers: invoices waiting for a decision; LA staff: the funding pages; schools:
    their school's figures; providers: their invoices. Nothing for Schools Forum members."""
    panels = []
    if scope.is_la_staff:
        links = [
            {"label": "High Needs Block monitoring", "url": reverse("funding:hnb-dashboard"), "hint": ""},
            {"label": "Recoupment", "url": reverse("funding:recoupment-list"), "hint": "money to recover"},
        ]
        if scope.has_role(Role.LA_FINANCE):
            waiting = Invoice.objects.visible_to(user).filter(status=InvoiceStatus.RECEIVED).count()
            links.insert(
                0,
                {
                    "label": "Invoices",
                    "url": f"{reverse('funding:invoice-list')}?status={InvoiceStatus.RECEIVED}",
                    "hint": f"{waiting} waiting for a decision",
                },
            )
        links.append({"label": "All funding pages", "url": reverse("funding:index"), "hint": ""})
        panels.append({"title": "Funding", "links": links})
    if scope.has_role(Role.SCHOOL_USER):
        panels.append(
            {
                "title": "Your school's funding",
                "links": [{"label": "What your school pays and recoups", "url": reverse("funding:index"), "hint": ""}],
            }
        )
    if scope.has_role(Role.PROVIDER_USER):
        panels.append(
            {
                "title": "Invoices",
                "links": [
                    {"label": "Your invoices", "url": reverse("funding:invoice-list"), "hint": ""},
                    {"label": "Send an invoice", "url": reverse("funding:invoice-create"), "hint": ""},
                ],
            }
        )
    return panels
