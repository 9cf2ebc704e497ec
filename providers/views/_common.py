"""What every provider view shares: role groups, object access (404 for missing and not-yours),
pagination and the generic GOV.UK form page."""

from __future__ import annotations

import functools

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apcommission.core.models import Role
from apcommission.core.scoping import access_or_404, scope_for

from .. import conf
from ..choices import ApprovalStatus
from ..models import Provider
from ..services._common import OFFICER_ROLES, is_officer_for, is_provider_user_for

LA_STAFF_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE, Role.ADMINISTRATOR)
APPROVED_LIST_ROLES = (*LA_STAFF_ROLES, Role.SCHOOL_USER)
OWN_RECORD_ROLES = (*OFFICER_ROLES, Role.PROVIDER_USER)


def visible_provider_or_404(request, pk) -> Provider:
    return access_or_404(Provider.objects.select_related("organisation"), request.user, pk=pk)


def officer_provider_or_404(request, pk) -> Provider:
    """A provider of an LA the user is an officer of; 404 otherwise (also for other LAs)."""
    provider = visible_provider_or_404(request, pk)
    if not is_officer_for(request.user, provider):
        raise Http404("Page not found")
    return provider


def own_or_officer_provider_or_404(request, pk) -> Provider:
    """Officers of its LA, or the provider's own users."""
    provider = visible_provider_or_404(request, pk)
    if not (is_officer_for(request.user, provider) or is_provider_user_for(request.user, provider)):
        raise Http404("Page not found")
    return provider


def is_officer(request) -> bool:
    return scope_for(request.user).has_role(*OFFICER_ROLES)


def paginate(request, queryset, per_page: int | None = None):
    return Paginator(queryset, per_page or conf.list_page_size()).get_page(request.GET.get("page"))


def form_page(request, form, *, title: str, caption: str = "", back_url: str = "", intro: str = "", **extra):
    """The generic form page: error summary above the h1, the form, a back link."""
    context = {"form": form, "title": title, "caption": caption, "back_url": back_url, "intro": intro, **extra}
    return render(request, "providers/form.html", context)


#: The approval status tag's colour (providers/_status_tag.html), by status.
STATUS_TAG_CLASSES = {
    "approved": " govuk-tag--green",
    "approved_conditions": " govuk-tag--turquoise",
    "suspended": " govuk-tag--orange",
    "decommissioned": " govuk-tag--grey",
    "under_review": " govuk-tag--yellow",
}


def status_tag(provider) -> SafeString:
    """The markup `{% include "providers/_status_tag.html" %}` renders for the provider, built in
    Python for the rows of a list (an include per row costs more than the row's other cells)."""
    return status_tag_of(provider.status)


_STATUS_LABELS = dict(ApprovalStatus.choices)


@functools.cache
def status_tag_of(status: str) -> SafeString:
    """status_tag of a provider's status value (a row read as values), written once a process for
    each status."""
    return format_html(
        '\n<strong class="govuk-tag{}">{}</strong>\n',
        STATUS_TAG_CLASSES.get(status, " govuk-tag--blue"),
        _STATUS_LABELS.get(status, status),
    )
