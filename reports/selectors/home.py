"""The reports app's panel on home pages: the latest published pack for Schools Forum members (it
is what they come for), and the archive for LA staff who prepare packs."""

from __future__ import annotations

from django.urls import reverse

from apcommission.core.scoping import Scope

from ..models import ReportPack


def home_panels(*, user, scope: Scope) -> list[dict]:
    if not scope.report_la_ids:
        return []
    latest = ReportPack.objects.visible_to(user).published().only("pk", "title", "meeting_date").first()
    links = [{"label": "All Forum packs and the archive", "url": reverse("reports:home")}]
    if latest is not None:
        download = reverse("reports:pack-download", args=[latest.pk])
        links.insert(0, {"label": f"Download the latest pack: {latest.title}", "url": download, "hint": "PDF"})
    return [{"title": "Schools Forum reports", "links": links}]
