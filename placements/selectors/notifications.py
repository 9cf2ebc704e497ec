"""The notifications list's rows (placements/exclusions/notifications.html): a user's own
reminders read as plain values, each row's text, dates and address worked out here rather than by
template filters and {% url %} per row."""

from __future__ import annotations

from functools import cache
from html import escape

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from apcommission.core.addresses import address_of
from apcommission.core.figures import short_date

from ..models import DeadlineKind, Pupil, Reminder, ReminderStage

#: What the list reads of each reminder (`.values(*NOTIFICATION_COLUMNS)` of the user's reminders
#: annotated with notification_pupil_name() and unread_count()).
NOTIFICATION_COLUMNS = (
    "id", "created_at", "read_at", "stage", "deadline__kind", "deadline__pupil_id", "deadline__detail",
    "deadline__due_on", "pupil_name", "unread",
)  # fmt: skip

_STAGES = dict(ReminderStage.choices)
_KINDS = {kind: str(label).lower() for kind, label in DeadlineKind.choices}


def notification_pupil_name() -> Subquery:
    """The full name of the deadline's pupil (Pupil.full_name), looked up for the rows shown."""
    pupils = Pupil.objects.order_by().filter(pk=OuterRef("deadline__pupil_id"))
    return Subquery(pupils.values(name=Concat("legal_first_name", Value(" "), "legal_last_name")))


def unread_count(user) -> Subquery:
    """How many of the user's reminders are unread, as an uncorrelated subquery (None for none)."""
    unread = Reminder.objects.order_by().filter(recipient=user, read_at__isnull=True)
    return Subquery(unread.values("recipient_id").annotate(n=Count("pk")).values("n"))


@cache
def unread_tag() -> str:
    """The "Unread" tag (includes/tag.html), rendered once per process."""
    return render_to_string("includes/tag.html", {"text": "Unread", "colour": "blue"})


def notification_body(reminders) -> SafeString:
    """The notifications list's table rows: the markup the template wrote for each reminder, each
    value escaped as the template escaped it (the text, dates and address worked out here)."""
    address = address_of("placements:notification-detail")
    tag = f" {unread_tag()}"
    parts = []
    for r in reminders:
        kind = _KINDS.get(r["deadline__kind"], r["deadline__kind"])
        subject = f"for {r['pupil_name']}" if r["deadline__pupil_id"] else f"({r['deadline__detail']})"
        text = escape(f"{_STAGES.get(r['stage'], r['stage'])}: {kind} {subject}")
        parts.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell">{short_date(timezone.localtime(r["created_at"]))}'
            f"{'' if r['read_at'] else tag}</td>\n"
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{address(r["id"])}">{text}</a></td>\n'
            f'      <td class="govuk-table__cell">{short_date(r["deadline__due_on"])}</td>\n'
            "    </tr>\n  "
        )
    if not parts:
        parts.append(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">'
            "You have no notifications.</td></tr>\n  "
        )
    return SafeString("".join(parts))
