"""The placements app's panels on each user's home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apcommission.core.compiled import answered, gathered, rows_request, scope_key
from apcommission.core.models import Role
from apcommission.core.scoping import Scope, single_local_authority
from apcommission.core.selectors.home import counts_of

from ..models import LocalAuthorityFigures, Placement, PlacementStatus
from .deadlines import task_list_asked

#: The panel queue's count in an LA's maintained figures (LocalAuthorityFigures.figures).
PANEL_WAITING = "panel_waiting"


def panel_waiting(*, user, scope: Scope) -> tuple[int, dt.datetime | None]:
    """panel_waiting_asked's figure, read on its own."""
    return answered(panel_waiting_asked(user=user, scope=scope))


def panel_waiting_asked(*, user, scope: Scope) -> Generator:
    """How many requests wait for the panel, and when they were counted: one LA's staff read it from
    the LA's maintained figures of today (docs/adr/0005: a status change marks them stale, and they
    are recounted within a minute), which answer for exactly their scope; anyone else, or before
    today's figures, is counted for the page (when None). Both compiled once a process; the stored
    figure asked for (core.compiled.answered), to be sent with the home page's others."""
    la_id = single_local_authority(scope)
    if la_id is not None:
        today = timezone.localdate()
        (stored,) = yield [
            rows_request(
                ("panel_waiting_stored", la_id, today),
                lambda: (
                    LocalAuthorityFigures.objects.filter(local_authority_id=la_id, on=today)
                    .order_by("pk")
                    .values("as_of", waiting=F(f"figures__{PANEL_WAITING}"))[:1]
                ),
            )
        ]
        if stored and stored[0]["waiting"] is not None:
            return stored[0]["waiting"], stored[0]["as_of"]
    waiting = counts_of(
        {"waiting": lambda: Placement.objects.visible_to(user).awaiting_panel()},
        key=("panel_waiting", scope_key(scope)),
    )["waiting"]
    return waiting, None


def home_panels(*, user, scope: Scope) -> Generator:
    """Home-page panels: each user's deadlines; the panel queue and placements for LA staff, own
    pupils for schools, placements awaiting acceptance for providers. The deadlines and the panel
    queue's figure are asked for together (core.compiled.gathered), with the other apps' panels."""
    panels = []
    # The LA's duties for officers, the school's for its users, their own QA review and documents
    # for providers: each task links to where it is done.
    has_tasks = scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER, Role.SCHOOL_USER, Role.PROVIDER_USER)
    la_staff = scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER)
    tasks, (waiting, as_of) = yield from gathered(
        task_list_asked(user=user, today=timezone.localdate(), limit=10) if has_tasks else None,
        panel_waiting_asked(user=user, scope=scope) if la_staff else (None, None),
    )
    if has_tasks:
        panels.append(
            {
                "title": "Deadlines",
                "template": "placements/exclusions/_home_tasks.html",
                "tasks": tasks,
                "links": [{"label": "All your deadlines", "url": reverse("placements:deadline-task-list"), "hint": ""}],
            }
        )
    if la_staff:
        hint = f"{waiting} to decide"
        if as_of is not None:
            hint += f" as of {timezone.localtime(as_of):%H:%M}"
        panels.append(
            {
                "title": "Alternative provision placements",
                "links": [
                    {"label": "Panel queue", "url": reverse("placements:panel-queue"), "hint": hint},
                    {"label": "Placements", "url": reverse("placements:placement-list"), "hint": ""},
                    {"label": "Pupils", "url": reverse("placements:pupil-list"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.SCHOOL_USER):
        panels.append(
            {
                "title": "Your pupils in alternative provision",
                "links": [
                    {"label": "Your pupils", "url": reverse("placements:pupil-list"), "hint": "request a placement"},
                    {"label": "Placements and requests", "url": reverse("placements:placement-list"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.PROVIDER_USER):
        to_accept = counts_of(
            {"to_accept": lambda: Placement.objects.visible_to(user).filter(status=PlacementStatus.APPROVED)},
            key=("to_accept", scope_key(scope)),
            # Prepared with parameters it was planned again on every call (core.compiled).
            values_in_text=True,
        )["to_accept"]
        panels.append(
            {
                "title": "Placements at your provision",
                "links": [
                    {"label": "Today's register", "url": reverse("placements:attendance-index"), "hint": ""},
                    {
                        "label": "Placements",
                        "url": f"{reverse('placements:placement-list')}?status={PlacementStatus.APPROVED}",
                        "hint": f"{to_accept} waiting for you to accept",
                    },
                    {"label": "Reviews due", "url": reverse("placements:reviews-due"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.ADMINISTRATOR):
        panels.append(
            {
                "title": "Routes into alternative provision",
                "links": [{"label": "Routes and their rules", "url": reverse("placements:route-list"), "hint": ""}],
            }
        )
    return panels
