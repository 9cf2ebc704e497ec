"""The reports home (the Forum member's home page: packs and the archive), generating a pack,
its progress page, download and publishing."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils import timezone

from apcommission.core.audit import audit_export
from apcommission.core.forms import apply_errors
from apcommission.core.permissions import role_required
from apcommission.core.scoping import access_or_404, scope_for

from ..forms import PackForm
from ..models import ReportPack
from ..services import pack_publish, pack_request
from ..services._common import can_author
from ._common import AUTHORS, READERS, authoring_la

#: Seconds between refreshes of a pack's page while it is being prepared (HTTP Refresh: no script).
REFRESH_SECONDS = 3


HOME_PAGE_SIZE = 25
#: What the reports home shows of each pack.
_HOME_FIELDS = ("pk", "title", "meeting_date", "data_as_of", "published_at", "status")


@role_required(*READERS)
def reports_home(request):
    packs = ReportPack.objects.visible_to(request.user).only(*_HOME_FIELDS)
    context = {"page": _packs_page(packs, request.GET.get("page")), "can_author": can_author(request.user),
               "exports": _exports(request.user)}  # fmt: skip
    return render(request, "reports/home.html", context)


def _packs_page(packs, number):
    """The page of packs asked for. The first page is read with one row more than it shows: when
    that row is not there, the rows read are all there are and no count is needed (an LA has a
    few packs a year)."""
    paginator = Paginator(packs, HOME_PAGE_SIZE)
    if number in (None, "", "1"):
        first = list(packs[: HOME_PAGE_SIZE + 1])
        if len(first) <= HOME_PAGE_SIZE:
            paginator.count = len(first)
            return Page(first, 1, paginator)
    return paginator.get_page(number)


#: The statutory returns and exports issue 13 lists, where they live: (URL name, link text).
EXPORTS = (
    ("reports:census", "AP census return (CSV, with its problems listed first)"),
    ("placements:key-stage-snapshot", "Pupils in AP by key stage on two dates (CSV)"),
    ("providers:gap-analysis", "Gap analysis: approved places by key stage and need (CSV)"),
)


@functools.cache
def _export_links() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each export's address, its link text and the roles its page allows (once per process)."""
    links = []
    for name, label in EXPORTS:
        url = reverse(name)
        links.append((url, label, tuple(getattr(resolve(url).func, "allowed_roles", ()))))
    return tuple(links)


def _exports(user) -> list[tuple[str, str]]:
    """The exports the user may open: each page's own roles decide (`allowed_roles`)."""
    scope = scope_for(user)
    return [(url, label) for url, label, roles in _export_links() if scope.has_role(*roles)]


def _financial_years(today) -> list[int]:
    current = today.year if today.month >= 4 else today.year - 1
    return [current + 1, current, current - 1, current - 2]


@role_required(*AUTHORS)
def pack_new(request):
    la = authoring_la(request.user)
    form = PackForm(request.POST or None, years=_financial_years(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            pack = pack_request(
                local_authority=la,
                options=form.options(),
                by=request.user,
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if pack.is_ready:
                messages.success(request, f"Pack generated: {pack.title}")
            return redirect("reports:pack-detail", pk=pack.pk)
    return render(request, "reports/pack_new.html", {"form": form, "la": la})


@role_required(*READERS)
def pack_detail(request, pk: int):
    pack = access_or_404(ReportPack.objects.defer("pdf").select_related("local_authority"), request.user, pk=pk)
    response = render(
        request,
        "reports/pack_detail.html",
        {"pack": pack, "can_author": can_author(request.user, pack.local_authority_id)},
    )
    if pack.status in ("queued", "running"):
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@role_required(*READERS)
def pack_download(request, pk: int):
    pack = access_or_404(ReportPack.objects.all(), request.user, pk=pk)
    if not pack.is_ready:
        return redirect("reports:pack-detail", pk=pack.pk)
    audit_export(request, f"Forum pack {pack.pk}: {pack.title} (sha256 {pack.checksum[:12]})")
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="forum-pack-{pack.meeting_date:%Y-%m-%d}-{pack.pk}.pdf"'
    response["Digest"] = f"sha-256={pack.checksum}"
    return response


@role_required(*AUTHORS)
def pack_publish_view(request, pk: int):
    """GET: are you sure? POST: publish."""
    pack = access_or_404(ReportPack.objects.defer("pdf"), request.user, pk=pk)
    if request.method != "POST":
        return render(
            request,
            "reports/confirm.html",
            {
                "heading": "Publish this pack to Schools Forum members?",
                "caption": pack.title,
                "body": "Forum members will be able to download it. A published pack cannot be changed or "
                "withdrawn here: generate a new pack if the figures need correcting.",
                "button": "Publish the pack",
                "back": reverse("reports:pack-detail", args=[pack.pk]),
            },
        )
    try:
        pack_publish(pack=pack, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Published: Schools Forum members can now download this pack")
    return redirect("reports:pack-detail", pk=pack.pk)
