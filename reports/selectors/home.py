"""The reports app's panel on home pages. For Schools Forum members it is the whole of their home
page: the latest published pack to download, the packs before it, and the archive (the reports
list). LA staff who prepare packs get the latest pack and the archive."""

from __future__ import annotations

from django.urls import reverse

from apcommission.core.scoping import Scope

from ..models import ReportPack

#: Published packs a Forum member's home page lists, newest first (the rest are in the archive).
FORUM_HOME_PACKS = 5


def home_panels(*, user, scope: Scope) -> list[dict]:
    if not scope.report_la_ids:
        return []
    shown = FORUM_HOME_PACKS if not scope.is_la_staff else 1
    packs = list(
        ReportPack.objects.visible_to(user).published().only("pk", "title", "meeting_date")[:shown]
    )  # one query
    links = []
    for index, pack in enumerate(packs):
        download = reverse("reports:pack-download", args=[pack.pk])
        label = f"Download the latest pack: {pack.title}" if index == 0 else f"Download {pack.title}"
        links.append({"label": label, "url": download, "hint": "PDF"})
    links.append({"label": "All Forum packs and the archive", "url": reverse("reports:home")})
    return [{"title": "Schools Forum reports", "links": links}]
