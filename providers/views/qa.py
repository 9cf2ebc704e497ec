"""QA reviews, their moderation and evidence, and the LA's checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from apcommission.core.audit import audit_record, audit_view
from apcommission.core.models import AuditAction, Organisation, Role
from apcommission.core.permissions import register_object_rule, require, role_required
from apcommission.core.scoping import scope_for
from apcommission.core.services import create_once

from .. import services
from ..files import content_type_for
from ..forms import ChecklistItemForm, ModerateForm, QAReviewForm
from ..forms.qa import RETURN
from ..models import QAChecklistItem, QAEvidence, QAReview
from ..services._common import OFFICER_ROLES, officer_la_ids
from ._common import LA_STAFF_ROLES, form_page, officer_provider_or_404, paginate


@role_required(*LA_STAFF_ROLES)
def qa_reviews(request):
    """QA reviews of the LA's providers; those awaiting moderation first."""
    show = request.GET.get("show", "awaiting")
    reviews = QAReview.objects.visible_to(request.user).select_related(
        "provider__organisation", "author", "moderated_by"
    )
    if show == "awaiting":
        reviews = reviews.awaiting_moderation()
    reviews = reviews.order_by("-reviewed_on", "-id")
    return render(request, "providers/qa_reviews.html", {"page": paginate(request, reviews), "show": show})


@role_required(*OFFICER_ROLES)
def qa_review_add(request, pk):
    provider = officer_provider_or_404(request, pk)
    items = services.qa_checklist_ensure_default(la=provider.organisation.local_authority)
    form = QAReviewForm(request.POST or None, request.FILES or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.qa_review_record(
                provider=provider,
                author=request.user,
                reviewed_on=data["reviewed_on"],
                outcome=data["outcome"],
                next_review_date=data["next_review_date"],
                results=form.results(),
                conditions=data["conditions"],
                summary=data["summary"],
                evidence=[data["evidence"]] if data.get("evidence") else [],
                submission_key=data.get("submission_key"),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "QA review recorded. A second officer must now moderate it.")
            return redirect("providers:qa-review-detail", review.pk)
    return form_page(
        request,
        form,
        title="Record a QA review",
        caption=provider.name,
        back_url=reverse("providers:detail", args=[pk]),
        intro="Record a result for every check. The review counts only once a second officer has moderated it.",
    )


def _review_or_404(request, pk) -> QAReview:
    return get_object_or_404(
        QAReview.objects.visible_to(request.user).select_related("provider__organisation", "author", "moderated_by"),
        pk=pk,
    )


@role_required(*LA_STAFF_ROLES)
def qa_review_detail(request, pk):
    review = _review_or_404(request, pk)
    audit_view(request, review)
    is_officer = review.provider.organisation.local_authority_id in officer_la_ids(request.user)
    context = {
        "review": review,
        "results": review.results.all(),
        "evidence": review.evidence.all(),
        # Officers who cannot moderate it are told why (its author above all).
        "moderation_refusal": services.moderation_refusal(review, request.user) if is_officer else "",
    }
    return render(request, "providers/qa_review_detail.html", context)


@role_required(*OFFICER_ROLES)
def qa_review_moderate(request, pk):
    """A second officer signs the review off or returns it to its author with a reason; its author
    cannot moderate it (the issue's moderation rule)."""
    review = _review_or_404(request, pk)
    if review.provider.organisation.local_authority_id not in officer_la_ids(request.user):
        raise Http404("Page not found")
    require(request.user, "providers:qa-review-moderate", review, services.moderation_refusal(review, request.user))
    form = ModerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == RETURN:
                services.qa_review_return(review=review, moderator=request.user, reason=note)
                message = f"QA review returned to {review.author} with your reason"
            else:
                moderated = services.qa_review_moderate(review=review, moderator=request.user, note=note)
                message = "QA review signed off: it now counts towards approval"
                if moderated.provider_change:
                    message += f". {moderated.provider_change}"
        except ValidationError as error:
            form.apply_errors(error, field_map={"reason": "note"})
        else:
            messages.success(request, message)
            return redirect("providers:qa-review-detail", review.pk)
    intro = (
        f"Review of {review.reviewed_on:%-d %B %Y} by {review.author}: {review.get_outcome_display()}. "
        "Check the results and evidence, then sign it off or return it to its author."
    )
    return form_page(
        request,
        form,
        title="Moderate a QA review",
        caption=review.provider.name,
        back_url=reverse("providers:qa-review-detail", args=[pk]),
        intro=intro,
    )


def _may_moderate(user, review) -> bool:
    return not services.moderation_refusal(review, user)


register_object_rule("providers:qa-review-moderate", _may_moderate)


@role_required(*LA_STAFF_ROLES)
def qa_evidence(request, pk):
    evidence = get_object_or_404(QAEvidence.objects.visible_to(request.user), pk=pk)
    return _file_response(request, evidence, evidence.original_name)


def _file_response(request, obj, name: str) -> HttpResponse:
    """Send a stored file as a download: never a public URL, always after the scope check.
    Files are at most 10 MB, so they are read whole (a plain response the tests can read)."""
    try:
        with obj.file.open("rb") as handle:
            body = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404("Page not found")
    audit_record(user=request.user, action=AuditAction.EXPORT, obj=obj, request=request)
    response = HttpResponse(body, content_type=content_type_for(name))
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


def _admin_la(request) -> Organisation:
    la_ids = scope_for(request.user).orgs_with_role(Role.ADMINISTRATOR)
    la = Organisation.objects.filter(pk__in=la_ids).order_by("pk").first()
    if la is None:
        raise Http404("Page not found")
    return la


@role_required(Role.ADMINISTRATOR)
def qa_checklist(request):
    la = _admin_la(request)
    services.qa_checklist_ensure_default(la=la)
    items = QAChecklistItem.objects.filter(local_authority=la).order_by("order", "title")
    return render(request, "providers/qa_checklist.html", {"items": items, "la": la})


@role_required(Role.ADMINISTRATOR)
def qa_checklist_item_add(request):
    return _checklist_item_form(request, _admin_la(request), None)


@role_required(Role.ADMINISTRATOR)
def qa_checklist_item_edit(request, pk):
    la = _admin_la(request)
    item = get_object_or_404(QAChecklistItem.objects.visible_to(request.user), pk=pk, local_authority=la)
    return _checklist_item_form(request, la, item)


def _checklist_item_form(request, la, item):
    initial = {k: getattr(item, k) for k in ChecklistItemForm.base_fields} if item else None
    form = ChecklistItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                form.token,
                request.user,
                services.qa_checklist_item_save,
                la=la,
                author=request.user,
                item=item,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Checklist saved")
            return redirect("providers:qa-checklist")
    return form_page(
        request,
        form,
        title="Change a check" if item else "Add a check",
        caption="QA checklist",
        back_url=reverse("providers:qa-checklist"),
    )
