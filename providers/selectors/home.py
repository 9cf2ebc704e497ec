"""The provider register's panels on each user's home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apcommission.core.addresses import address_of
from apcommission.core.compiled import answered, compiled_rows, rows_request, scope_key
from apcommission.core.models import Role
from apcommission.core.scoping import Scope, single_local_authority
from apcommission.core.selectors.home import counts_of

from .. import conf
from ..choices import MUST_REGISTER, ApprovalStatus, ChangeStatus
from ..models import (
    ChangeRequest,
    Concern,
    Provider,
    QAReview,
    RegisterFigures,
)
from ..services._common import OFFICER_ROLES
from .qa import documents_due
from .registration import flagged_by_stored_counts, providers_that_must_register, registration_candidates

#: The provider register panel's figures (RegisterFigures' columns).
REGISTER_FIGURES = ("awaiting", "due", "concerns", "changes", "must_register")


def register_figures_counted(*, scope: Scope, today: dt.date) -> dict[str, int]:
    """The provider register panel's figures over what `scope` may see, in one query, the
    registration warning's from the maintained counts (docs/adr/0005); "uncounted" is how many
    providers the refresh has not counted today (the caller counts those for the page, as the
    register's own warning does: providers_that_must_register)."""
    # Compiled once a process for the scope, the day and the settings the figures use.
    key = (
        "register_figures",
        scope_key(scope),
        today,
        conf.document_expiry_warning_days(),
        conf.registration_pupil_threshold(),
        conf.registration_vulnerable_threshold(),
    )
    return counts_of(
        {
            "awaiting": lambda: QAReview.objects.visible_in(scope).awaiting_moderation(),
            "due": lambda: documents_due(scope=scope, on=today),
            "concerns": lambda: Concern.objects.visible_in(scope).open(),
            "changes": lambda: ChangeRequest.objects.visible_in(scope).filter(status=ChangeStatus.PENDING),
            "must_register": lambda: (
                registration_candidates(scope=scope)
                .filter(registration_count__on=today)
                .filter(flagged_by_stored_counts())
            ),
            "uncounted": lambda: registration_candidates(scope=scope).exclude(registration_count__on=today),
        },
        key=key,
    )


def _stored_register_figures(la_id: int, today: dt.date):
    """A request (core.compiled) for the LA's maintained register figures of today, unless a change
    has made them stale."""
    return rows_request(
        ("register_figures_stored", la_id, today),
        lambda: (
            RegisterFigures.objects.filter(local_authority_id=la_id, on=today, stale_since__isnull=True)
            .order_by("pk")
            .values("as_of", *REGISTER_FIGURES)[:1]
        ),
    )


def register_figures(*, user, scope: Scope) -> tuple[dict[str, int], dt.datetime | None]:
    """register_figures_asked's figures, read on their own."""
    return answered(register_figures_asked(user=user, scope=scope))


def register_figures_asked(*, user, scope: Scope) -> Generator:
    """The provider register panel's figures and when they were counted: one LA's staff read the
    LA's maintained figures of today (RegisterFigures), which answer for exactly their scope;
    anyone else, and anyone while they are stale or not yet counted today, counts them for the
    page (when None). The stored figures are asked for (core.compiled.answered), to be sent with
    the home page's others."""
    today = timezone.localdate()
    la_id = single_local_authority(scope)
    if la_id is not None:
        (rows,) = yield [_stored_register_figures(la_id, today)]
        if rows:
            return {name: rows[0][name] for name in REGISTER_FIGURES}, rows[0]["as_of"]
    figures = register_figures_counted(scope=scope, today=today)
    if figures["uncounted"]:
        _first, figures["must_register"] = providers_that_must_register(user=user, on=today, limit=0)
    return {name: figures[name] for name in REGISTER_FIGURES}, None


def home_panels(*, user, scope: Scope) -> Generator:
    """Officers: reviews awaiting moderation, documents due, open concerns, change requests;
    schools: the approved list; providers: their own record. The officers' figures are asked for
    (core.compiled.gathered), with the other apps' panels."""
    panels: list[dict] = []
    if scope.has_role(*OFFICER_ROLES):
        figures, as_of = yield from register_figures_asked(user=user, scope=scope)
        panels.append(
            {
                "title": "Provider register",
                # Counted every few minutes (docs/adr/0005): say when.
                "note": f"Figures as of {timezone.localtime(as_of):%H:%M}." if as_of is not None else "",
                "links": [
                    {
                        "label": "QA reviews awaiting moderation",
                        "url": f"{reverse('providers:qa-reviews')}?show=awaiting",
                        "hint": f"{figures['awaiting']} waiting",
                    },
                    {
                        "label": "Documents expired or expiring within 30 days",
                        "url": reverse("providers:documents"),
                        "hint": f"{figures['due']} documents",
                    },
                    {
                        "label": "Open concerns",
                        "url": f"{reverse('providers:concerns')}?show=open",
                        "hint": f"{figures['concerns']} open",
                    },
                    {
                        "label": "Changes asked for by providers",
                        "url": reverse("providers:change-requests"),
                        "hint": f"{figures['changes']} waiting",
                    },
                    {"label": "Gap analysis", "url": reverse("providers:gap-analysis"), "hint": ""},
                ],
            }
        )
        total = figures["must_register"]
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
        # Compiled once a process for the user's scope (core.compiled).
        own = compiled_rows(
            ("own_provider_records", scope_key(scope)),
            lambda: (
                Provider.objects.filter(organisation_id__in=scope.provider_ids)
                .order_by("organisation__name")
                .values("pk", "status", name=F("organisation__name"))
            ),
        )
        record = address_of("providers:detail")
        panels.append(
            {
                "title": "Your provider record",
                "links": [
                    {"label": row["name"], "url": record(row["pk"]), "hint": ApprovalStatus(row["status"]).label}
                    for row in own
                ],
            }
        )
    return panels
