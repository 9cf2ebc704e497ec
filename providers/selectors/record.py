"""What the provider page lists of a provider's record, as plain rows: its contacts, today's prices,
QA reviews, approval history, compliance documents, concerns, feedback and the changes its own users
asked for. Each list is one statement compiled once a process for the user's scope, the provider and
the day (apcommission.core.compiled), run on every request; dates, labels and addresses are written
here, as the page's template filters would write them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apcommission.core.addresses import address_of
from apcommission.core.compiled import compiled_rows, scope_key
from apcommission.core.figures import short_date
from apcommission.core.scoping import scope_for
from apcommission.core.templatetags.money import money

from ..choices import (
    ApprovalStatus,
    ChangeStatus,
    ConcernStatus,
    DocumentKind,
    FeedbackRating,
    PriceUnit,
    QAOutcome,
    Term,
)
from ..models import ApprovalChange, ChangeRequest, ComplianceDocument, Concern, Contact, Feedback, Price, QAReview

_STATUS = dict(ApprovalStatus.choices)
_OUTCOME = dict(QAOutcome.choices)
_KIND = dict(DocumentKind.choices)
_CONCERN = dict(ConcernStatus.choices)
_TERM = dict(Term.choices)
_RATING = dict(FeedbackRating.choices)
_CHANGE = dict(ChangeStatus.choices)
_UNIT = dict(PriceUnit.choices)


def _key(name: str, user, provider_id: int, *parts) -> tuple:
    return ("provider page", name, scope_key(scope_for(user)), provider_id, *parts)


def contact_rows(*, user, provider_id: int) -> list[dict]:
    """The provider's contacts, designated safeguarding leads first, by name (Contact's order)."""
    rows = compiled_rows(
        _key("contacts", user, provider_id),
        lambda: Contact.objects.filter(provider_id=provider_id).values(
            "id", "name", "job_title", "is_designated_safeguarding_lead", "telephone", "email"
        ),
    )
    address = address_of("providers:contact-edit")
    for row in rows:
        row["pk"] = row["id"]
        row["edit_url"] = address(row["id"])
    return rows


def price_rows(*, user, provider_id: int, on: dt.date) -> list[dict]:
    """Today's prices by unit and amount: the amount in pounds and the unit's label, the site's name
    (None: all sites), the dates written out."""
    rows = compiled_rows(
        _key("prices", user, provider_id, on),
        lambda: (
            Price.objects.filter(provider_id=provider_id)
            .effective_on(on)
            .order_by("unit", "amount")
            .values("amount", "unit", "description", "site__name", "effective_from", "effective_to")
        ),
    )
    return [
        {
            "amount": money(row["amount"]),
            "unit": _UNIT.get(row["unit"], row["unit"]),
            "description": row["description"],
            "site": row["site__name"],
            "effective_from": short_date(row["effective_from"]),
            "effective_to": short_date(row["effective_to"]),
        }
        for row in rows
    ]


def qa_review_rows(*, user, provider_id: int, limit: int, on: dt.date) -> list[dict]:
    """The provider's latest `limit` QA reviews, newest first (latest_qa_reviews' order), with what
    approving_review asks of them (moderated_by_id, next_review_date, outcome) and what the page
    shows (the date, outcome, moderation and whether the next review is overdue on `on`)."""
    rows = compiled_rows(
        _key("qa reviews", user, provider_id, limit),
        lambda: (
            QAReview.objects.filter(provider_id=provider_id)
            .order_by("-reviewed_on", "-id")
            .values("id", "reviewed_on", "outcome", "moderated_by_id", "next_review_date")[:limit]
        ),
    )
    address = address_of("providers:qa-review-detail")
    for row in rows:
        row.update(
            url=address(row["id"]),
            date=short_date(row["reviewed_on"]),
            outcome_label=_OUTCOME.get(row["outcome"], row["outcome"]),
            is_moderated=row["moderated_by_id"] is not None,
            next_review=short_date(row["next_review_date"]),
            is_overdue=row["next_review_date"] < on,
        )
    return rows


def approval_history_rows(*, user, provider_id: int, limit: int = 20) -> list[dict]:
    """The provider's latest approval changes, newest first: the local date, the change's
    labels, the reason and who made it (as User prints)."""
    rows = compiled_rows(
        _key("history", user, provider_id, limit),
        lambda: ApprovalChange.objects.filter(provider_id=provider_id).values(
            "at", "from_status", "to_status", "reason", "author__full_name", "author__email"
        )[:limit],
    )
    return [
        {
            "date": short_date(timezone.localtime(row["at"])),
            "from_status": _STATUS.get(row["from_status"], row["from_status"]) if row["from_status"] else "",
            "to_status": _STATUS.get(row["to_status"], row["to_status"]),
            "reason": row["reason"],
            "author": row["author__full_name"] or row["author__email"],
        }
        for row in rows
    ]


def document_rows(*, user, provider_id: int, on: dt.date) -> list[dict]:
    """The provider's compliance documents the user may see, by expiry date: the name with its
    kind, the expiry date written out and whether it had expired on `on`."""
    rows = compiled_rows(
        _key("documents", user, provider_id),
        lambda: (
            ComplianceDocument.objects.visible_to(user)
            .filter(provider_id=provider_id)
            .order_by("expires_on")
            .values("id", "title", "kind", "expires_on")
        ),
    )
    address = address_of("providers:document-download")
    return [
        {
            "url": address(row["id"]),
            "name": ComplianceDocument.name_of(row["title"], _KIND.get(row["kind"], row["kind"])),
            "expires_on": short_date(row["expires_on"]),
            "expired": row["expires_on"] is not None and row["expires_on"] < on,
        }
        for row in rows
    ]


def concern_rows(*, user, provider_id: int, limit: int = 20) -> list[dict]:
    """The latest concerns about the provider the user may see: summary, who reported it, status."""
    rows = compiled_rows(
        _key("concerns", user, provider_id, limit),
        lambda: (
            Concern.objects.visible_to(user)
            .filter(provider_id=provider_id)
            .values("id", "summary", "reporting_organisation__name", "status")[:limit]
        ),
    )
    address = address_of("providers:concern-detail")
    return [
        {
            "url": address(row["id"]),
            "summary": row["summary"],
            "reported_by": row["reporting_organisation__name"],
            "status": _CONCERN.get(row["status"], row["status"]).lower(),
        }
        for row in rows
    ]


def feedback_rows(*, user, provider_id: int, limit: int = 20) -> list[dict]:
    """The latest termly feedback from schools about the provider that the user may see."""
    rows = compiled_rows(
        _key("feedback", user, provider_id, limit),
        lambda: (
            Feedback.objects.visible_to(user)
            .filter(provider_id=provider_id)
            .values("school__name", "term", "academic_year", "rating", "comments")[:limit]
        ),
    )
    return [
        {
            "school": row["school__name"],
            "term": _TERM.get(row["term"], row["term"]),
            "academic_year": row["academic_year"],
            "rating": _RATING.get(row["rating"], row["rating"]),
            "comments": row["comments"],
        }
        for row in rows
    ]


def change_request_rows(*, user, provider_id: int, limit: int = 20) -> list[dict]:
    """The latest changes the provider's own users asked for, with their status and the note."""
    rows = compiled_rows(
        _key("change requests", user, provider_id, limit),
        lambda: (
            ChangeRequest.objects.visible_to(user)
            .filter(provider_id=provider_id)
            .values("summary", "status", "decision_note")[:limit]
        ),
    )
    for row in rows:
        row["status"] = _CHANGE.get(row["status"], row["status"])
    return rows
