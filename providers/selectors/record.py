"""What the provider page lists of a provider's record, as plain rows: its sites, contacts, today's prices,
QA reviews, approval history, compliance documents, concerns, feedback, the changes its own users
asked for, and the places taken at its sites. All the lists the user sees are one statement
(record_lists: a UNION ALL of one branch a list, in typed columns), compiled once a process for the
user's scope, the lists and the day, with the provider's id its slot, and run on every request;
dates, labels and addresses are written here, as the page's template filters would write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    QuerySet,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from apcommission.core.addresses import address_of
from apcommission.core.compiled import compiled_together, rows_request, scope_key
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
from ..models import (
    ApprovalChange,
    ChangeRequest,
    ComplianceDocument,
    Concern,
    Contact,
    Feedback,
    Price,
    QAReview,
    RegistrationCount,
    Site,
)
from ..placement_facts import placement_facts

_STATUS = dict(ApprovalStatus.choices)
_OUTCOME = dict(QAOutcome.choices)
_KIND = dict(DocumentKind.choices)
_CONCERN = dict(ConcernStatus.choices)
_TERM = dict(Term.choices)
_RATING = dict(FeedbackRating.choices)
_CHANGE = dict(ChangeStatus.choices)
_UNIT = dict(PriceUnit.choices)


#: The typed columns every list's branch fills (None where a list has nothing of the kind): the
#: list, the row's place in the list's order, an id, a small number, five texts, two dates, a
#: moment, an amount and a flag.
_COLUMNS = (
    ("r_list", IntegerField()),
    ("r_position", BigIntegerField()),
    ("r_id", BigIntegerField()),
    ("r_number", IntegerField()),
    ("r_text1", TextField()),
    ("r_text2", TextField()),
    ("r_text3", TextField()),
    ("r_text4", TextField()),
    ("r_text5", TextField()),
    ("r_day1", DateField()),
    ("r_day2", DateField()),
    ("r_at", DateTimeField()),
    ("r_amount", DecimalField(max_digits=10, decimal_places=2)),
    ("r_flag", BooleanField()),
)
_NAMES = tuple(name for name, _field in _COLUMNS)


def _branch(number: int, rows: QuerySet, order: tuple[str, ...], limit: int | None, **columns: str) -> QuerySet:
    """One list's branch of the statement: `rows` (filtered, scoped) in the typed columns, with each
    row's place in `order` (no `order`: rows counted by group, in no order); with `limit`, only the
    first `limit` rows in that order (a union's branch may not be ordered or cut itself on every
    database, so the cut is a subquery)."""
    if limit is not None:
        rows = rows.model._base_manager.filter(pk__in=rows.order_by(*order).values("pk")[:limit])
    annotations = {}
    for name, field in _COLUMNS:
        if name == "r_list":
            value = Cast(Value(number), output_field=field)
        elif name == "r_position":
            value = Window(RowNumber(), order_by=list(order)) if order else Cast(Value(0), output_field=field)
        elif name in columns:
            value = ExpressionWrapper(F(columns[name]), output_field=field)
        else:
            value = Cast(Value(None), output_field=field)
        annotations[name] = value
    return rows.order_by().annotate(**annotations).values(*_NAMES)


#: How many of each limited list the page shows, newest first.
LIST_LIMIT = 20


def _contacts(provider_id, on, user, limit):
    rows = Contact.objects.filter(provider_id=provider_id)
    return _branch(
        1, rows, ("-is_designated_safeguarding_lead", "name"), None,
        r_id="id", r_text1="name", r_text2="job_title", r_text3="telephone", r_text4="email",
        r_flag="is_designated_safeguarding_lead",
    )  # fmt: skip


def _prices(provider_id, on, user, limit):
    rows = Price.objects.filter(provider_id=provider_id).effective_on(on)
    return _branch(
        2, rows, ("unit", "amount"), None,
        r_amount="amount", r_text1="unit", r_text2="description", r_text3="site__name",
        r_day1="effective_from", r_day2="effective_to",
    )  # fmt: skip


def _qa_reviews(provider_id, on, user, limit):
    rows = QAReview.objects.filter(provider_id=provider_id)
    return _branch(
        3, rows, ("-reviewed_on", "-id"), limit,
        r_id="id", r_day1="reviewed_on", r_text1="outcome", r_number="moderated_by_id", r_day2="next_review_date",
    )  # fmt: skip


def _history(provider_id, on, user, limit):
    rows = ApprovalChange.objects.filter(provider_id=provider_id)
    return _branch(
        4, rows, ("-at", "-id"), LIST_LIMIT,
        r_at="at", r_text1="from_status", r_text2="to_status", r_text3="reason", r_text4="author__full_name",
        r_text5="author__email",
    )  # fmt: skip


def _documents(provider_id, on, user, limit):
    rows = ComplianceDocument.objects.visible_to(user).filter(provider_id=provider_id)
    return _branch(5, rows, ("expires_on",), None, r_id="id", r_text1="title", r_text2="kind", r_day1="expires_on")


def _concerns(provider_id, on, user, limit):
    rows = Concern.objects.visible_to(user).filter(provider_id=provider_id)
    return _branch(
        6, rows, ("-created_on", "-id"), LIST_LIMIT,
        r_id="id", r_text1="summary", r_text2="reporting_organisation__name", r_text3="status",
    )  # fmt: skip


def _feedback(provider_id, on, user, limit):
    rows = Feedback.objects.visible_to(user).filter(provider_id=provider_id)
    return _branch(
        7, rows, ("-academic_year", "-created_on"), LIST_LIMIT,
        r_text1="school__name", r_text2="term", r_id="academic_year", r_number="rating", r_text3="comments",
    )  # fmt: skip


def _change_requests(provider_id, on, user, limit):
    rows = ChangeRequest.objects.visible_to(user).filter(provider_id=provider_id)
    return _branch(
        8, rows, ("-created_on", "-id"), LIST_LIMIT, r_text1="summary", r_text2="status", r_text3="decision_note"
    )


def _sites(provider_id, on, user, limit):
    rows = Site.objects.filter(provider_id=provider_id, is_active=True)
    return _branch(
        9, rows, ("name", "id", "needs__id", "capacities__key_stage"), None,
        r_id="id", r_text1="name", r_text2="postcode", r_text3="postcode_district", r_text4="needs__need",
        r_text5="capacities__key_stage", r_number="capacities__places",
    )  # fmt: skip


def _places_taken(provider_id, on, user, limit):
    """The places taken on `on` at the provider's active sites, by site and key stage, as the
    placements app counts them (placement_facts.places_taken_rows); None: no placement takes one."""
    sites = Site.objects.filter(provider_id=provider_id, is_active=True).values("pk")
    rows = placement_facts.places_taken_rows(site_ids=sites, on=on)
    if rows is None:
        return None
    return _branch(10, rows, (), None, r_id="site_id", r_text1="key_stage", r_number="n")


def _registration_count(provider_id, on, user, limit):
    """The provider's maintained registration counts if they are `on`'s (providers.registration)."""
    rows = RegistrationCount.objects.filter(provider_id=provider_id, on=on)
    return _branch(
        11, rows, ("provider_id",), None,
        r_number="full_time", r_id="full_time_with_ehcp_or_looked_after", r_at="as_of",
    )  # fmt: skip


#: The lists of the page, by name: each one's branch (by its number) and how its rows are written.
_LISTS: dict[str, tuple[int, Callable]] = {
    "contacts": (1, _contacts),
    "prices": (2, _prices),
    "reviews": (3, _qa_reviews),
    "history": (4, _history),
    "documents": (5, _documents),
    "concerns": (6, _concerns),
    "feedback": (7, _feedback),
    "change_requests": (8, _change_requests),
    "sites": (9, _sites),
    "places_taken": (10, _places_taken),
    "registration_count": (11, _registration_count),
}

#: The lists each kind of reader sees: LA staff, the provider's own users, everyone else.
LA_STAFF_LISTS = (
    "sites", "places_taken", "contacts", "prices", "reviews", "history", "documents", "concerns", "feedback",
)  # fmt: skip
OWN_LISTS = ("sites", "places_taken", "contacts", "prices", "documents", "change_requests")
OTHER_LISTS = ("sites", "places_taken", "contacts", "prices")
#: Read too for a provider the registration test applies to (providers.choices.NON_SCHOOL_TYPES).
REGISTRATION_LISTS = ("registration_count",)


def record_lists(
    *, user, provider_id: int, on: dt.date, lists: tuple[str, ...], reviews: int, sent_with=()
) -> dict[str, list]:
    """The `lists` of the provider's record the page shows ({name: rows}, each as its *_rows
    writer gives it), read in one statement compiled once a process for the user's scope, the
    lists, the day and the number of QA `reviews` shown (the latest first; the history, concerns,
    feedback and changes: the latest LIST_LIMIT), the provider's id its slot. `sent_with`: the
    page's other requests (its audit insert), sent with it (core.compiled.compiled_together)."""

    def build(provider):
        made = (_LISTS[name][1](provider, on, user, reviews) for name in lists)
        branches = [branch for branch in made if branch is not None]
        return branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]

    key = ("provider page lists", scope_key(scope_for(user)), lists, on, reviews)
    found, *_others = compiled_together(rows_request(key, build, (provider_id,)), *sent_with)
    by_list: dict[int, list[dict]] = {_LISTS[name][0]: [] for name in lists}
    for row in sorted(found, key=lambda row: (row["r_list"], row["r_position"])):
        by_list[row["r_list"]].append(row)
    return {name: _WRITERS[name](by_list[_LISTS[name][0]], on) for name in lists}


def _contact_rows(rows: list[dict], on) -> list[dict]:
    """The provider's contacts, designated safeguarding leads first, by name (Contact's order)."""
    address = address_of("providers:contact-edit")
    return [
        {
            "id": row["r_id"],
            "pk": row["r_id"],
            "name": row["r_text1"],
            "job_title": row["r_text2"],
            "is_designated_safeguarding_lead": row["r_flag"],
            "telephone": row["r_text3"],
            "email": row["r_text4"],
            "edit_url": address(row["r_id"]),
        }
        for row in rows
    ]


def _price_rows(rows: list[dict], on) -> list[dict]:
    """Today's prices by unit and amount: the amount in pounds and the unit's label, the site's name
    (None: all sites), the dates written out."""
    return [
        {
            "amount": money(row["r_amount"]),
            "unit": _UNIT.get(row["r_text1"], row["r_text1"]),
            "description": row["r_text2"],
            "site": row["r_text3"],
            "effective_from": short_date(row["r_day1"]),
            "effective_to": short_date(row["r_day2"]),
        }
        for row in rows
    ]


def _qa_review_rows(rows: list[dict], on: dt.date) -> list[dict]:
    """The provider's latest QA reviews, newest first (latest_qa_reviews' order), with what
    approving_review asks of them (moderated_by_id, next_review_date, outcome) and what the page
    shows (the date, outcome, moderation and whether the next review is overdue on `on`)."""
    address = address_of("providers:qa-review-detail")
    written = []
    for row in rows:
        pk, outcome, moderated_by, next_review = row["r_id"], row["r_text1"], row["r_number"], row["r_day2"]
        written.append(
            {
                "id": pk,
                "reviewed_on": row["r_day1"],
                "outcome": outcome,
                "moderated_by_id": moderated_by,
                "next_review_date": next_review,
                "url": address(pk),
                "date": short_date(row["r_day1"]),
                "outcome_label": _OUTCOME.get(outcome, outcome),
                "is_moderated": moderated_by is not None,
                "next_review": short_date(next_review),
                "is_overdue": next_review < on,
            }
        )
    return written


def _approval_history_rows(rows: list[dict], on) -> list[dict]:
    """The provider's latest approval changes, newest first: the local date, the change's
    labels, the reason and who made it (as User prints)."""
    return [
        {
            "date": short_date(timezone.localtime(row["r_at"])),
            "from_status": _STATUS.get(row["r_text1"], row["r_text1"]) if row["r_text1"] else "",
            "to_status": _STATUS.get(row["r_text2"], row["r_text2"]),
            "reason": row["r_text3"],
            "author": row["r_text4"] or row["r_text5"],
        }
        for row in rows
    ]


def _document_rows(rows: list[dict], on: dt.date) -> list[dict]:
    """The provider's compliance documents the user may see, by expiry date: the name with its
    kind, the expiry date written out and whether it had expired on `on`."""
    address = address_of("providers:document-download")
    return [
        {
            "url": address(row["r_id"]),
            "name": ComplianceDocument.name_of(row["r_text1"], _KIND.get(row["r_text2"], row["r_text2"])),
            "expires_on": short_date(row["r_day1"]),
            "expired": row["r_day1"] is not None and row["r_day1"] < on,
        }
        for row in rows
    ]


def _concern_rows(rows: list[dict], on) -> list[dict]:
    """The latest concerns about the provider the user may see: summary, who reported it, status."""
    address = address_of("providers:concern-detail")
    return [
        {
            "url": address(row["r_id"]),
            "summary": row["r_text1"],
            "reported_by": row["r_text2"],
            "status": _CONCERN.get(row["r_text3"], row["r_text3"]).lower(),
        }
        for row in rows
    ]


def _feedback_rows(rows: list[dict], on) -> list[dict]:
    """The latest termly feedback from schools about the provider that the user may see."""
    return [
        {
            "school": row["r_text1"],
            "term": _TERM.get(row["r_text2"], row["r_text2"]),
            "academic_year": row["r_id"],
            "rating": _RATING.get(row["r_number"], row["r_number"]),
            "comments": row["r_text3"],
        }
        for row in rows
    ]


def _change_request_rows(rows: list[dict], on) -> list[dict]:
    """The latest changes the provider's own users asked for, with their status and the note."""
    return [
        {
            "summary": row["r_text1"],
            "status": _CHANGE.get(row["r_text2"], row["r_text2"]),
            "decision_note": row["r_text3"],
        }
        for row in rows
    ]


def _site_rows(rows: list[dict], on) -> list[dict]:
    """The provider's active sites by name, one row per site, need and key stage, as
    providers.selectors.provider_page reads them (it works out the places free and the summary)."""
    return [
        {
            "id": row["r_id"],
            "name": row["r_text1"],
            "postcode": row["r_text2"],
            "postcode_district": row["r_text3"],
            "needs__need": row["r_text4"],
            "capacities__key_stage": row["r_text5"],
            "capacities__places": row["r_number"],
        }
        for row in rows
    ]


def _places_taken_rows(rows: list[dict], on) -> dict[tuple[int, str], int]:
    """{(site id, key stage): places taken}, as placement_facts.places_taken_at_sites gives them."""
    return {(row["r_id"], row["r_text1"]): row["r_number"] for row in rows}


def _registration_count_rows(rows: list[dict], on):
    """(full time, full time with an EHCP or looked after, as of) of the day's count; None: not
    counted that day."""
    return next(((row["r_number"], row["r_id"], row["r_at"]) for row in rows), None)


_WRITERS: dict[str, Callable] = {
    "sites": _site_rows,
    "places_taken": _places_taken_rows,
    "registration_count": _registration_count_rows,
    "contacts": _contact_rows,
    "prices": _price_rows,
    "reviews": _qa_review_rows,
    "history": _approval_history_rows,
    "documents": _document_rows,
    "concerns": _concern_rows,
    "feedback": _feedback_rows,
    "change_requests": _change_request_rows,
}
