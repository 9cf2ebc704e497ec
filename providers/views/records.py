"""Compliance documents, concerns and feedback."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from apcommission.core.audit import audit_view
from apcommission.core.education import academic_year_start
from apcommission.core.models import Organisation, Role
from apcommission.core.permissions import role_required
from apcommission.core.scoping import scope_for
from apcommission.core.services import create_once

from .. import conf, selectors, services
from ..forms import ConcernForm, ConcernUpdateForm, DocumentForm, FeedbackForm
from ..models import ComplianceDocument, Concern, Feedback
from ..services._common import OFFICER_ROLES, is_officer_for, officer_la_ids
from ._common import (
    LA_STAFF_ROLES,
    OWN_RECORD_ROLES,
    form_page,
    own_or_officer_provider_or_404,
    paginate,
    visible_provider_or_404,
)
from .qa import _file_response


@role_required(*LA_STAFF_ROLES)
def documents(request):
    """Documents expired or expiring within 30 days (feeds the reminders issue)."""
    due = selectors.documents_due(user=request.user)
    context = {
        "page": paginate(request, due),
        "today": timezone.localdate(),
        "days": conf.document_expiry_warning_days(),
    }
    return render(request, "providers/documents.html", context)


@role_required(*OWN_RECORD_ROLES)
def document_add(request, pk):
    provider = own_or_officer_provider_or_404(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                form.token,
                request.user,
                services.document_upload,
                provider=provider,
                author=request.user,
                kind=data["kind"],
                upload=data["upload"],
                title=data["title"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Document uploaded")
            return redirect("providers:detail", provider.pk)
    return form_page(
        request,
        form,
        title="Upload a compliance document",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
    )


@role_required(*LA_STAFF_ROLES, Role.PROVIDER_USER)
def document_download(request, pk):
    document = get_object_or_404(ComplianceDocument.objects.visible_to(request.user), pk=pk)
    return _file_response(request, document, document.original_name)


@role_required(*LA_STAFF_ROLES, Role.SCHOOL_USER)
def concerns(request):
    """LA staff see every concern about their LA's providers; a school sees the ones it raised."""
    show = request.GET.get("show", "open")
    rows = Concern.objects.visible_to(request.user).select_related("provider__organisation", "reporting_organisation")
    if show == "open":
        rows = rows.open()
    rows = rows.order_by("-created_on", "-id")
    return render(request, "providers/concerns.html", {"page": paginate(request, rows), "show": show})


def _reporting_organisations(request, provider) -> list[Organisation]:
    scope = scope_for(request.user)
    la = provider.organisation.local_authority_id
    ids = {pk for pk in officer_la_ids(request.user) if pk == la}
    schools = Organisation.objects.filter(pk__in=scope.orgs_with_role(Role.SCHOOL_USER), local_authority_id=la)
    return [*Organisation.objects.filter(pk__in=ids), *schools.order_by("name")]


@role_required(*OFFICER_ROLES, Role.SCHOOL_USER)
def concern_add(request, pk):
    provider = visible_provider_or_404(request, pk)
    organisations = _reporting_organisations(request, provider)
    if not organisations:
        return redirect("providers:detail", pk)
    form = ConcernForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            concern = create_once(
                form.token,
                request.user,
                services.concern_report,
                provider=provider,
                author=request.user,
                organisation=form.organisation(),
                summary=form.cleaned_data["summary"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Concern reported to the local authority")
            return redirect("providers:concern-detail", concern.pk)
    return form_page(
        request,
        form,
        title="Report a concern about a provider",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
        intro="The local authority's commissioning officers will see this and record what they do about it.",
    )


@role_required(*LA_STAFF_ROLES, Role.SCHOOL_USER)
def concern_detail(request, pk):
    concern = get_object_or_404(
        Concern.objects.visible_to(request.user).select_related("provider__organisation", "reporting_organisation"),
        pk=pk,
    )
    audit_view(request, concern)
    officer = is_officer_for(request.user, concern.provider)
    form = None
    if officer:
        form = ConcernUpdateForm(request.POST or None, initial={"status": concern.status, "outcome": concern.outcome})
        if request.method == "POST" and form.is_valid():
            try:
                services.concern_update(concern=concern, author=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, "Concern updated")
                return redirect("providers:concern-detail", concern.pk)
    return render(request, "providers/concern_detail.html", {"concern": concern, "form": form})


@role_required(*LA_STAFF_ROLES, Role.SCHOOL_USER)
def feedback_list(request):
    rows = Feedback.objects.visible_to(request.user).select_related("provider__organisation", "school", "author")
    return render(
        request, "providers/feedback_list.html", {"page": paginate(request, rows.order_by("-created_on", "-id"))}
    )


@role_required(Role.SCHOOL_USER)
def feedback_add(request, pk):
    provider = visible_provider_or_404(request, pk)
    schools = Organisation.objects.filter(
        pk__in=scope_for(request.user).orgs_with_role(Role.SCHOOL_USER),
        local_authority_id=provider.organisation.local_authority_id,
    ).order_by("name")
    initial = {"academic_year": academic_year_start(timezone.localdate())}
    form = FeedbackForm(request.POST or None, schools=list(schools), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                form.token,
                request.user,
                services.feedback_give,
                provider=provider,
                school=form.school(),
                author=request.user,
                academic_year=data["academic_year"],
                term=data["term"],
                rating=int(data["rating"]),
                comments=data["comments"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Thank you: your feedback has been sent to the local authority")
            return redirect("providers:detail", provider.pk)
    return form_page(
        request,
        form,
        title="Give termly feedback",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
    )
