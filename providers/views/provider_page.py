"""The provider page's content, written in Python: as a template (about 145 tags and lookups and
ten includes) it was a fifth of the page's CPU time, read with every view of the page
(docs/performance.md). The markup is what providers/detail.html wrote, GOV.UK summary list, tags,
tables and lists, each value escaped as the template escaped it and through the same filters;
tests/providers/test_page_markup.py holds the template it replaced and checks the two agree."""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from apcommission.core.addresses import address_of

from ._common import status_tag_of


def _text(value) -> str:
    """`{{ value }}`: localised (numbers) and escaped unless already safe."""
    return conditional_escape(localize(value))


def _or(value, default: str) -> str:
    """`{{ value|default:"…" }}`."""
    return _text(value) if value else default


def provider_page_body(context: dict) -> SafeString:
    """The content block of the provider page for the context detail builds (who the reader is:
    is_officer, is_la_staff, is_own, is_school; the record and its lists)."""
    provider = context["provider"]
    la_staff, own = context["is_la_staff"], context["is_own"]
    parts = [
        _heading(provider, show_counts=la_staff or own),
        _actions(provider, officer=context["is_officer"], own=own, school=context["is_school"]),
        _details(provider),
        _contacts(context["contacts"], editable=context["is_officer"] or own),
        '\n<h2 class="govuk-heading-m">Sites and places</h2>\n',
        context["site_tables"],
        "\n\n",
        _prices(context["prices"]),
        "\n\n",
    ]
    if la_staff:
        parts.append(_qa_reviews(context["reviews"], approving=context["approving_review"]))
    parts.append("\n\n")
    if la_staff or own:
        parts.append(_documents(context["documents"]))
    parts.append("\n\n")
    if la_staff:
        parts.append(_la_records(context["concerns"], context["feedback"], context["history"]))
    parts.append("\n\n")
    if own:
        parts.append(_change_requests(context["change_requests"]))
    parts.append("\n")
    return SafeString("".join(parts))


#: providers/_status_tag.html, includes/inset.html and includes/table_caption.html as they render.
_INSET = '\n<div class="govuk-inset-text">\n  {}\n</div>\n'
_CAPTION = '\n<caption class="govuk-table__caption govuk-table__caption--m">{}</caption>\n'
_REGISTRATION_WARNING = (
    '\n<div class="govuk-warning-text">\n  <span class="govuk-warning-text__icon" aria-hidden="true">!</span>\n'
    '  <strong class="govuk-warning-text__text">\n    <span class="govuk-visually-hidden">Warning</span>\n'
    "    Must register as an independent school: this provider teaches 5 or more full-time pupils of compulsory "
    "school age, or 1 with an EHCP or looked after.\n    {}\n  </strong>\n</div>\n"
)


def _heading(provider, *, show_counts: bool) -> str:
    name = escape(provider.name)
    parts = [
        f'\n<span class="govuk-caption-l">{escape(str(provider.get_provider_type_display()))}</span>\n'
        f'<h1 class="govuk-heading-l">{name}</h1>\n<p class="govuk-body">{status_tag_of(provider.status)}</p>\n'
    ]
    if provider.conditions:
        parts.append(_INSET.format(escape("Conditions of approval: " + provider.conditions)))
    parts.append("\n\n")  # the line's end, and the registration warning's comment line
    flag = provider.registration_flag
    if flag.must_register or provider.registration_status == "must_register":
        reason = (
            f'<span class="govuk-!-display-block govuk-!-margin-top-2">{_text(flag.reason)}</span>'
            if flag.must_register and show_counts
            else ""
        )
        parts.append(_REGISTRATION_WARNING.format(reason))
    parts.append("\n\n\n")
    return "".join(parts)


#: The actions on the page: (url name, words, who may: officers, the provider's own users, schools).
_LINK = '  <li><a class="govuk-link" href="{}">{}</a></li>\n'


def _actions(provider, *, officer: bool, own: bool, school: bool) -> str:
    if not (officer or own or school):
        return ""
    pk = provider.pk

    def link(url_name: str, words: str) -> str:
        return _LINK.format(address_of(url_name)(pk), words)

    parts = ['\n<h2 class="govuk-heading-m">Actions</h2>\n<ul class="govuk-list">\n  ']
    if officer:
        parts += [
            "\n",
            link("providers:edit", "Edit the provider record"),
            link("providers:status", "Change the approval status"),
            link("providers:qa-review-add", "Record a QA review"),
            link("providers:site-add", "Add a site"),
            "  ",
        ]
    parts.append("\n  ")
    if officer or own:
        parts += [
            "\n",
            link("providers:offer-edit", "Edit the offer and contact details"),
            link("providers:contact-add", "Add a contact"),
            link("providers:price-add", "Add a price" if officer else "Ask for a new price"),
            link("providers:document-add", "Upload a compliance document"),
            "  ",
        ]
    parts.append("\n  ")
    if school or officer:
        parts += ["\n", link("providers:concern-add", "Report a concern about this provider"), "  "]
    parts.append("\n  ")
    if school:
        parts += ["\n", link("providers:feedback-add", "Give termly feedback"), "  "]
    parts.append("\n</ul>\n")
    return "".join(parts)


_ROW = (
    '  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
)


def _details(provider) -> str:
    ofsted = _text(provider.get_ofsted_judgement_display()) + (
        f" ({date_filter(provider.ofsted_date, 'j F Y')})" if provider.ofsted_date else ""
    )
    optional = [("URN", provider.urn), ("UKPRN", provider.ukprn), ("Companies House number", provider.company_number)]
    rows = [_ROW.format("Type", _text(provider.get_provider_type_display()))]
    rows += [_ROW.format(key, _text(value)) if value else "  \n" for key, value in optional]
    rows += [
        _ROW.format("Ofsted", ofsted),
        _ROW.format("Registration", _text(provider.get_registration_status_display())),
        _ROW.format("Telephone", _or(provider.telephone, "Not given")),
        _ROW.format("Email", _or(provider.email, "Not given")),
        _ROW.format("Website", _or(provider.website, "Not given")),
    ]
    about = (
        f'<h2 class="govuk-heading-m">About the provision</h2><p class="govuk-body">'
        f"{linebreaksbr(provider.description, autoescape=True)}</p>"
        if provider.description
        else ""
    )
    summary = f'<dl class="govuk-summary-list">\n{"".join(rows)}</dl>'
    return f'\n\n<h2 class="govuk-heading-m">Details</h2>\n{summary}\n{about}\n'


def _contacts(contacts: list[dict], *, editable: bool) -> str:
    items = []
    for contact in contacts:
        name = _text(contact["name"])
        items.append(
            f"\n  <li>{name}"
            + (f", {_text(contact['job_title'])}" if contact["job_title"] else "")
            + (
                ' <strong class="govuk-tag govuk-tag--purple">Designated safeguarding lead</strong>'
                if contact["is_designated_safeguarding_lead"]
                else ""
            )
            + "\n    "
            + (f" · {_text(contact['telephone'])}" if contact["telephone"] else "")
            + (f" · {_text(contact['email'])}" if contact["email"] else "")
            + "\n    "
            + (
                f' <a class="govuk-link" href="{_text(contact["edit_url"])}">Change'
                f'<span class="govuk-visually-hidden"> {name}</span></a>'
                if editable
                else ""
            )
            + "</li>\n  "
        )
    body = "".join(items) if items else "<li>No contacts recorded.</li>"
    return f'\n<h2 class="govuk-heading-m">Contacts</h2>\n<ul class="govuk-list">\n  {body}\n</ul>\n'


_HEAD_CELL = '<th scope="col" class="govuk-table__header">{}</th>'
_CELL = '<td class="govuk-table__cell">{}</td>'
_EMPTY_ROW = '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}</td></tr>'


def _table(caption: str, headings: tuple[str, ...], rows: list[tuple[str, ...]], empty: str) -> str:
    """A GOV.UK table as the page's templates wrote it: the caption, the headings, each row's cells
    (already escaped), or one row that says there is nothing."""
    head = "".join(_HEAD_CELL.format(heading) for heading in headings)
    body = (
        "\n  ".join('<tr class="govuk-table__row">' + "".join(_CELL.format(c) for c in row) + "</tr>" for row in rows)
        + "\n  "
        if rows
        else _EMPTY_ROW.format(len(headings), empty)
    )
    return (
        f'<table class="govuk-table">\n  {_CAPTION.format(caption)}\n'
        f'  <thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>\n'
        f'  <tbody class="govuk-table__body">\n  {body}\n  </tbody>\n</table>'
    )


def _prices(prices: list[dict]) -> str:
    rows = [
        (
            f"{_text(price['amount'])} {_text(price['unit'])}"
            + (f" ({_text(price['description'])})" if price["description"] else ""),
            _text(price["site"]) if price["site"] is not None else "All sites",
            _text(price["effective_from"]),
            _or(price["effective_to"], "Until further notice"),
        )
        for price in prices
    ]
    return _table("Prices today", ("Price", "Site", "From", "To"), rows, "No prices today.")


_MODERATED = '<strong class="govuk-tag govuk-tag--green">Moderated</strong>'
_AWAITING = '<strong class="govuk-tag govuk-tag--yellow">Awaiting moderation</strong>'
_OVERDUE = ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
_EXPIRED = ' <strong class="govuk-tag govuk-tag--red">Expired</strong>'


def _qa_reviews(reviews: list[dict], *, approving) -> str:
    rows = [
        (
            f'<a class="govuk-link" href="{_text(review["url"])}">{_text(review["date"])}</a>',
            _text(review["outcome_label"]),
            _MODERATED if review["is_moderated"] else _AWAITING,
            _text(review["next_review"]) + (_OVERDUE if review["is_overdue"] else ""),
        )
        for review in reviews
    ]
    table = _table("QA reviews", ("Date", "Outcome", "Moderation", "Next review"), rows, "No QA reviews yet.")
    none_approve = (
        '<p class="govuk-body">No moderated, current QA review recommends approval.</p>' if not approving else ""
    )
    return f"\n{table}\n{none_approve}\n"


def _documents(documents: list[dict]) -> str:
    rows = [
        (
            f'<a class="govuk-link" href="{_text(document["url"])}">{_text(document["name"])}</a>',
            _or(document["expires_on"], "Does not expire") + (_EXPIRED if document["expired"] else ""),
        )
        for document in documents
    ]
    return f"\n{_table('Compliance documents', ('Document', 'Expires'), rows, 'No documents.')}\n"


def _list(items: list[str], empty: str) -> str:
    return '<ul class="govuk-list">' + ("".join(items) if items else f"<li>{empty}</li>") + "</ul>"


def _la_records(concerns: list[dict], feedback: list[dict], history: list[dict]) -> str:
    concern_items = [
        f'<li><a class="govuk-link" href="{_text(c["url"])}">{_text(c["summary"])}</a> '
        f"({_text(c['reported_by'])}, {_text(c['status'])})</li>"
        for c in concerns
    ]
    feedback_items = [
        f"<li>{_text(item['school'])}, {_text(item['term'])} {_text(item['academic_year'])}: {_text(item['rating'])}"
        + (f". {_text(item['comments'])}" if item["comments"] else "")
        + "</li>"
        for item in feedback
    ]
    rows = [
        (
            _text(change["date"]),
            (f"{_text(change['from_status'])} to " if change["from_status"] else "") + _text(change["to_status"]),
            _text(change["reason"]),
            _text(change["author"]),
        )
        for change in history
    ]
    return (
        f'\n<h2 class="govuk-heading-m">Concerns</h2>\n{_list(concern_items, "No concerns reported.")}\n'
        f'<h2 class="govuk-heading-m">Feedback from schools</h2>\n{_list(feedback_items, "No feedback yet.")}\n'
        f"{_table('Approval history', ('Date', 'Change', 'Reason', 'By'), rows, 'No changes recorded.')}\n"
    )


def _change_requests(changes: list[dict]) -> str:
    items = [
        f"<li>{_text(change['summary'])}: {_text(change['status'])}"
        + (f" ({_text(change['decision_note'])})" if change["decision_note"] else "")
        + "</li>"
        for change in changes
    ]
    return f'\n<h2 class="govuk-heading-m">Changes you asked for</h2>\n{_list(items, "None.")}\n'


#: The head of a site's table of places, and its rows (providers/detail.html wrote them for each
#: site: its loop, include and lookups were a third of the page's rendering).
_PLACES_HEAD = (
    '  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">'
    'Key stage</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Places</th>'
    '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Free today</th></tr></thead>\n'
)
_PLACES_ROW = (
    '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>\n  '
)
_NO_PLACES = '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">No places listed.</td></tr>'


def site_tables(sites: list[dict], *, officer: bool, own: bool) -> SafeString:
    """The provider page's sites with their places (selectors.provider_page's rows), as the page
    shows them: each site's heading, needs and table of places (the caption as
    includes/table_caption.html writes it, for screen readers only), and for officers and the
    provider's own users the link to change its places; each value escaped as the template
    escaped it."""
    if not sites:
        return SafeString('<p class="govuk-body">No sites recorded.</p>')
    address = address_of("providers:capacity-edit")
    change = "Change places" if officer else "Ask to change places"
    parts = []
    for row in sites:
        site = row["site"]
        name = escape(site["name"])
        postcode = f", {escape(site['postcode'])}" if site["postcode"] else ""
        needs = ", ".join(escape(str(need)) for need in row["needs"]) or "none listed"
        places = (
            "".join(_PLACES_ROW.format(escape(str(p["key_stage"])), p["places"], p["free"]) for p in row["places"])
            if row["places"]
            else _NO_PLACES
        )
        link = (
            f'<p class="govuk-body"><a class="govuk-link" href="{address(site["pk"])}">{change}'
            f'<span class="govuk-visually-hidden"> at {name}</span></a></p>'
            if officer or own
            else ""
        )
        parts.append(
            f'\n<h3 class="govuk-heading-s">{name}{postcode}</h3>\n<p class="govuk-body">Needs: {needs}</p>\n'
            f'<table class="govuk-table">\n  \n<caption class="govuk-table__caption govuk-visually-hidden">'
            f"Places at {name}</caption>\n\n{_PLACES_HEAD}"
            f'  <tbody class="govuk-table__body">\n  {places}\n  </tbody>\n</table>\n{link}\n'
        )
    return SafeString("".join(parts))
