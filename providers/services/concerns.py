"""Concerns about providers and schools' termly feedback (Havering's register service)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Organisation, Role
from apcommission.core.scoping import scope_for

from ..choices import ConcernStatus, Term
from ..models import Concern, Feedback, Provider
from ..placement_facts import placement_facts
from ._common import officer_la_ids, require_officer
from .figures import register_figures_changed


@transaction.atomic
def concern_report(*, provider: Provider, author, organisation: Organisation, summary: str, details: str) -> Concern:
    """A school or an LA officer reports a concern; it is logged and visible to LA officers."""
    scope = scope_for(author)
    acting_for_school = organisation.pk in scope.orgs_with_role(Role.SCHOOL_USER)
    acting_for_la = organisation.pk in officer_la_ids(author)
    if not (acting_for_school or acting_for_la):
        raise PermissionDenied("You cannot report a concern for that organisation")
    if provider.organisation.local_authority_id not in {organisation.pk, organisation.local_authority_id}:
        raise PermissionDenied("That provider is not on your local authority's register")
    concern = Concern(
        provider=provider,
        reported_by=author,
        reporting_organisation=organisation,
        summary=summary.strip(),
        details=details.strip(),
    )
    concern.full_clean()
    concern.save()
    audit_change(user=author, obj=concern)
    register_figures_changed(provider_id=provider.pk)
    return concern


@transaction.atomic
def concern_update(*, concern: Concern, author, status: str, outcome: str = "") -> Concern:
    """An LA officer records progress and the outcome; closing needs an outcome."""
    require_officer(author, concern.provider)
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    before = snapshot(concern)
    if status == ConcernStatus.CLOSED and not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome before closing the concern"})
    concern.status = status
    concern.outcome = outcome.strip()
    concern.closed_on = timezone.localdate() if status == ConcernStatus.CLOSED else None
    concern.full_clean()
    concern.save()
    audit_change(user=author, obj=concern, before=before)
    register_figures_changed(provider_id=concern.provider_id)
    return concern


USED_PROVIDERS_ONLY = "You can only give feedback on providers your pupils have attended"


def school_has_used_provider(*, school_org_id: int, provider: Provider) -> bool:
    """A pupil of the school has had a booked, active or ended placement with the provider (the
    placements app knows; without it no school has used any provider)."""
    return placement_facts.school_has_used_provider(school_org_id=school_org_id, provider=provider)


@transaction.atomic
def feedback_give(
    *,
    provider: Provider,
    school: Organisation,
    author,
    academic_year: int,
    term: str,
    rating: int,
    comments: str = "",
) -> Feedback:
    """A school's termly feedback on a provider it used (issue 3, item 4): one per school, provider and term."""
    if school.pk not in scope_for(author).orgs_with_role(Role.SCHOOL_USER):
        raise PermissionDenied("You can only give feedback for your own school")
    if not school_has_used_provider(school_org_id=school.pk, provider=provider):
        raise ValidationError({"school": USED_PROVIDERS_ONLY})
    feedback = Feedback(
        provider=provider,
        school=school,
        author=author,
        academic_year=academic_year,
        term=term,
        rating=rating,
        comments=comments.strip(),
    )
    already = f"Your school has already given feedback on this provider for the {Term(term).label} term {academic_year}"
    if Feedback.objects.filter(provider=provider, school=school, academic_year=academic_year, term=term).exists():
        raise ValidationError({"term": already})
    feedback.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        raise ValidationError({"term": already})
    audit_change(user=author, obj=feedback)
    return feedback
