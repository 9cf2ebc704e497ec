"""The approved list for schools (with CSV and PDF downloads) and the officers' gap analysis."""

from __future__ import annotations

import csv
import functools
from html import escape

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_export
from apcommission.core.compiled import compiled_rows
from apcommission.core.models import Organisation
from apcommission.core.paging import count_sql, list_shape
from apcommission.core.pdf import render_pdf
from apcommission.core.permissions import role_required
from apcommission.core.scoping import scope_for
from apcommission.core.templatetags.money import money

from .. import conf, selectors
from ..choices import ProviderType
from ..filters import ApprovedListFilter
from ..models import Provider
from ..services._common import OFFICER_ROLES, officer_la_ids
from ._common import APPROVED_LIST_ROLES, paginate, status_tag_of

CSV_HEADER = [
    "Provider",
    "Type",
    "Status",
    "Conditions",
    "Ofsted judgement",
    "Key stages (places)",
    "Needs",
    "Postcode districts",
    "Prices today",
    "Telephone",
    "Email",
    "Website",
]


def _filtered(request):
    filterset = ApprovedListFilter(request.GET or None, queryset=selectors.approved_list(user=request.user))
    return filterset, filterset.qs


def _rows(providers) -> list[dict]:
    """{"provider", "summary", "prices"} for each provider: its sites' figures and today's prices as text."""
    providers = list(providers)
    summaries = selectors.approved_summaries(p.pk for p in providers)
    return [
        {"provider": p, "summary": summaries[p.pk], "prices": _price_text(summaries[p.pk]["prices"])} for p in providers
    ]


def _price_text(prices: list[selectors.PriceRow]) -> str:
    return "; ".join(
        f"{money(p.amount)} {p.unit}" + (f" ({p.site_name})" if p.site_name is not None else "") for p in prices
    )


#: One provider's card on the approved list, as the template wrote it for each row: the same
#: markup built here (a card's 25 lookups, filters and inner loop in the template engine cost
#: more than the rest of the page).
_CARD = (
    "\n"
    "    \n"
    '    <div class="govuk-summary-card">\n'
    '      <div class="govuk-summary-card__title-wrapper">\n'
    '        <h2 class="govuk-summary-card__title"><a class="govuk-link" href="{}">{}</a></h2>\n'
    "      </div>\n"
    '      <div class="govuk-summary-card__content">\n'
    '        <dl class="govuk-summary-list">\n'
    '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Type</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
    '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt>'
    '<dd class="govuk-summary-list__value">{}{}</dd></div>\n'
    '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Places</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
    '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Needs</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
    '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Area</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
    '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Prices</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
    "        </dl>\n"
    "      </div>\n"
    "    </div>\n"
    "    \n"
    "    "
)


def _card(card: dict) -> SafeString:
    """The card's markup, each value escaped as the template escaped it."""
    places = (
        "<br>".join(f"{escape(str(stage))}: {n}" for stage, n in card["key_stages"])
        if card["key_stages"]
        else "None listed"
    )
    conditions = f'<p class="govuk-body-s">Conditions: {escape(card["conditions"])}</p>' if card["conditions"] else ""
    return SafeString(
        _CARD.format(
            escape(card["url"]),
            escape(card["name"]),
            escape(str(card["type"])),
            card["status_tag"],
            conditions,
            places,
            escape(card["needs"] or "None listed"),
            escape(card["districts"] or "No fixed site"),
            escape(card["prices"] or "Ask the provider"),
        )
    )


_TYPES = dict(ProviderType.choices)

#: What a card reads of each provider: its own columns and its kept summary (ProviderSummary's
#: card: None when the provider has none, or it was emptied by a change not yet worked out again).
CARD_COLUMNS = ("id", "organisation__name", "provider_type", "status", "conditions", "summary__card")


def _summaries(providers: list[dict], on) -> dict[int, dict]:
    """Each provider's figures and the day's prices: from its kept card, or worked out now for the
    providers without one (so the page is right however long ago the refresh ran)."""
    missing = [p["id"] for p in providers if p["summary__card"] is None]
    summaries = selectors.approved_summaries(missing, on=on, compiled=True) if missing else {}
    for provider in providers:
        if provider["summary__card"] is not None:
            summaries[provider["id"]] = selectors.card_summary(provider["summary__card"], on=on)
    return summaries


def _cards(providers: list[dict], on) -> list[dict]:
    """The page's summary cards from the providers' rows (CARD_COLUMNS): each provider's address,
    labels and lists worked out here, once, as the template shows them (the same text as the
    CSV's)."""
    providers = list(providers)
    summaries = _summaries(providers, on)
    address = address_of("providers:detail")
    cards = []
    for provider in providers:
        summary = summaries[provider["id"]]
        card = {
            "url": address(provider["id"]),
            "name": provider["organisation__name"],
            "type": _TYPES.get(provider["provider_type"], provider["provider_type"]),
            "status_tag": status_tag_of(provider["status"]),
            "conditions": provider["conditions"],
            "key_stages": summary["key_stages"],
            "needs": ", ".join(summary["needs"]),
            "districts": ", ".join(summary["districts"]),
            "prices": _price_text(summary["prices"]),
        }
        card["card"] = _card(card)
        cards.append(card)
    return cards


@role_required(*APPROVED_LIST_ROLES)
def approved_list(request):
    """Approved providers only, searchable and filterable (BCP: a list of compliant providers shared with schools)."""
    today = timezone.localdate()
    if request.GET:
        filterset, providers = _filtered(request)
        form = filterset.form
        page = paginate(request, providers.values(*CARD_COLUMNS), conf.list_page_size())
    else:
        form, page = _unfiltered_form(), _first_page(request.user)
    rows = _cards(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "providers/approved_list.html", context)


@functools.cache
def _unfiltered_form():
    """The filter form with nothing chosen: the same for every user (its choices are fixed), made
    once a process ({% list_filter_form %} renders it once a process too)."""
    return ApprovedListFilter(None, queryset=Provider.objects.none()).form


def _first_page(user):
    """The first page of the unfiltered list (most requests) as rows of CARD_COLUMNS (each
    provider with its kept summary), its total counted in the same statement, compiled once per
    process for each user's scope (the queryset is built only to compile it)."""
    per_page = conf.list_page_size()

    def build():
        providers = selectors.approved_list(user=user)
        return providers.values(*CARD_COLUMNS).annotate(total=count_sql(providers))[:per_page]

    found = compiled_rows(list_shape("approved list", user, per_page), build)
    paginator = Paginator(found, per_page)
    paginator.count = found[0]["total"] if found else 0
    return paginator.page(1)


def _csv_cell(value) -> str:
    """Neutralise spreadsheet formulae in free text (CSV injection)."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@role_required(*APPROVED_LIST_ROLES)
def approved_csv(request):
    _, providers = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="approved-providers-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (and the £ sign) correctly with a byte-order mark
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in _rows(providers):
        provider, summary = row["provider"], row["summary"]
        writer.writerow(
            [
                _csv_cell(x)
                for x in (
                    provider.name,
                    provider.get_provider_type_display(),
                    provider.get_status_display(),
                    provider.conditions,
                    provider.get_ofsted_judgement_display(),
                    "; ".join(f"{ks} ({n})" for ks, n in summary["key_stages"]),
                    "; ".join(summary["needs"]),
                    " ".join(summary["districts"]),
                    row["prices"],
                    provider.telephone,
                    provider.email,
                    provider.website,
                )
            ]
        )
    audit_export(request, "Approved providers list (CSV)")
    return response


@role_required(*APPROVED_LIST_ROLES)
def approved_pdf(request):
    _, providers = _filtered(request)
    scope = scope_for(request.user)
    la_ids = set(scope.la_ids) | set(
        Organisation.objects.filter(pk__in=scope.school_ids).values_list("local_authority_id", flat=True)
    )
    context = {
        "rows": _rows(providers),
        "la_names": ", ".join(
            Organisation.objects.filter(pk__in=la_ids).order_by("name").values_list("name", flat=True)
        ),
        "today": timezone.localdate(),
    }
    pdf = render_pdf("providers/approved_list_pdf.html", context)
    audit_export(request, "Approved providers list (PDF)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="approved-providers-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response


@role_required(*OFFICER_ROLES)
def gap_analysis(request):
    """Key stage × need matrix of approved places; empty cells are gaps in provision."""
    la = Organisation.objects.filter(pk__in=officer_la_ids(request.user)).order_by("pk").first()
    return render(request, "providers/gap_analysis.html", {"la": la, "gaps": selectors.gap_analysis(la_id=la.pk)})


@role_required(*OFFICER_ROLES)
def gap_analysis_csv(request):
    """The gap analysis as a CSV: key stages in rows, needs in columns, approved places in cells."""
    la = Organisation.objects.filter(pk__in=officer_la_ids(request.user)).order_by("pk").first()
    gaps = selectors.gap_analysis(la_id=la.pk)
    audit_export(request, "Gap analysis (CSV)")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gap-analysis-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Key stage", *gaps["needs"]])
    writer.writerows([row["key_stage"], *(cell["places"] for cell in row["cells"])] for row in gaps["rows"])
    return response
