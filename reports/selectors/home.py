"""The reports app's panel on home pages. For Schools Forum members it is the whole of their home
page: the latest published pack to download, the packs before it, and the archive (the reports
list). LA staff who prepare packs get the latest pack and the archive."""

from __future__ import annotations

from collections.abc import Generator

from django.urls import reverse

from apcommission.core.addresses import address_of
from apcommission.core.compiled import rows_request, scope_key
from apcommission.core.scoping import Scope

from ..models import ReportPack

#: Published packs a Forum member's home page lists, newest first (the rest are in the archive).
FORUM_HOME_PACKS = 5


def home_panels(*, user, scope: Scope) -> Generator:
    """The latest published Forum packs: one query, compiled once a process for the scope, asked for
    (core.compiled.gathered) with the other apps' panels."""
    if not scope.report_la_ids:
        return []
    shown = FORUM_HOME_PACKS if not scope.is_la_staff else 1
    (packs,) = yield [
        rows_request(
            ("home_packs", scope_key(scope), shown),
            lambda: ReportPack.objects.visible_to(user).published().values("pk", "title")[:shown],
        )
    ]
    download = address_of("reports:pack-download")
    links = []
    for index, pack in enumerate(packs):
        label = f"Download the latest pack: {pack['title']}" if index == 0 else f"Download {pack['title']}"
        links.append({"label": label, "url": download(pack["pk"]), "hint": "PDF"})
    links.append({"label": "All Forum packs and the archive", "url": reverse("reports:home")})
    return [{"title": "Schools Forum reports", "links": links}]
