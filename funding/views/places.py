"""Place funding: the places commissioned per provider for an academic year, recording them, and
the High Needs place change CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apcommission.core.paging import CountedRows
from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money
from apcommission.core.years import academic_year_label
from providers.models import ProviderType

from ..forms import CommissionedPlacesForm, YearFilterForm
from ..selectors import place_change_rows, place_funded_providers, place_funding_summary
from ..selectors.places import COMPILED_PAGES, place_funding_page, place_funding_summary_of
from ..services import commissioned_places_set
from ._common import (
    FINANCE,
    LA_READERS,
    PAGE_SIZE,
    academic_year,
    add_service_errors,
    csv_response,
    form_page,
    funding_page,
    is_finance,
    user_la,
    user_la_id,
    year_url,
)

#: Each provider type's label, worked out once rather than for every row.
PROVIDER_TYPES = dict(ProviderType.choices)


@funding_page(*LA_READERS)
def places(request):
    la = user_la_id(request)
    year, choices = academic_year(request)
    number = _page_number(request.GET.get("page"))
    # A page of providers at a time (a region has hundreds); the return (CSV) has every one.
    rows = (
        place_funding_page(local_authority=la, academic_year=year, number=number, per_page=PAGE_SIZE) if number else []
    )
    if rows:  # the page, the count and the summary in one statement
        paginator = Paginator(CountedRows((), lambda: rows[0]["listed"]), PAGE_SIZE)
        page = Page(rows, number, paginator)
        summary = place_funding_summary_of(rows[0], academic_year=year)
    elif number == 1:  # no provider has places in either year
        page = Paginator((), PAGE_SIZE).get_page(1)
        summary = place_funding_summary(local_authority=la, academic_year=year)
    else:  # a page past the end (the Paginator shows the last) or not a page at all (the first)
        listed = place_change_rows(local_authority=la, academic_year=year).values(
            "provider_type", "places_before", "places_now", "change", "rate_now", name=F("organisation__name")
        )
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        summary = place_funding_summary(local_authority=la, academic_year=year)
    context = {
        "year": year,
        "year_label": academic_year_label(year),
        "previous_label": academic_year_label(year - 1),
        "form": YearFilterForm({"year": year}, choices=choices, label="Academic year"),
        "page": page,
        "rows_html": mark_safe("".join(_row(row) for row in page.object_list)),  # noqa: S308 - escaped
        "summary": summary,
        "can_change": is_finance(request, la),
    }
    return render(request, "funding/places/places.html", context)


def _page_number(value: str | None) -> int | None:
    """The page asked for when it is one the compiled statement answers (else None)."""
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        return None
    return number if 1 <= number <= COMPILED_PAGES else None


def _row(row: dict) -> str:
    """A provider's row of the list, as the template wrote it."""
    change = f"+{row['change']}" if row["change"] > 0 else row["change"]
    rate = money(row["rate_now"]) if row["rate_now"] is not None else "–"
    return (
        '\n    <tr class="govuk-table__row">\n'
        f'      <th scope="row" class="govuk-table__header">{escape(row["name"])}</th>\n'
        f'      <td class="govuk-table__cell">{escape(PROVIDER_TYPES[row["provider_type"]])}</td>\n'
        f'      <td class="govuk-table__cell govuk-table__cell--numeric">{row["places_before"]}</td>\n'
        f'      <td class="govuk-table__cell govuk-table__cell--numeric">{row["places_now"]}</td>\n'
        f'      <td class="govuk-table__cell govuk-table__cell--numeric">{change}</td>\n'
        f'      <td class="govuk-table__cell govuk-table__cell--numeric">{rate}</td>\n'
        "    </tr>\n  "
    )


@funding_page(*FINANCE)
def places_set(request):
    la = user_la(request)
    year, choices = academic_year(request)
    form = CommissionedPlacesForm(
        request.POST or None,
        providers=place_funded_providers(local_authority=la),
        year_choices=choices,
        initial={"academic_year": year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = create_once(
                form.token,
                request.user,
                commissioned_places_set,
                user=request.user,
                provider=data["provider"],
                academic_year=data["academic_year"],
                places=data["places"],
                rate_per_place=data["rate_per_place"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{row.places} places at {row.provider.name} for {academic_year_label(row.academic_year)} saved",
            )
            return redirect(year_url("funding:places", row.academic_year))
    return form_page(
        request,
        form,
        "Commissioned places",
        caption="Place funding",
        intro="Places for a provider and year that are already recorded are changed, not added twice.",
        back=year_url("funding:places", year),
    )


@funding_page(*LA_READERS)
def place_change_csv(request, year: int):
    """The High Needs place change return: places per provider and the change from last year."""
    if not 1900 < year < 3000:  # a year no record can have (and too large for the database's integers)
        raise Http404("Page not found")
    la = user_la(request)
    rows = [
        [
            row.ukprn,
            row.urn,
            row.organisation.name,
            row.get_provider_type_display(),
            row.places_before,
            row.places_now,
            row.change,
            row.rate_now if row.rate_now is not None else "",
        ]
        for row in place_change_rows(local_authority=la, academic_year=year)
    ]
    before, now = academic_year_label(year - 1), academic_year_label(year)
    header = [
        "UKPRN",
        "URN",
        "Provider",
        "Provider type",
        f"AP places {before}",
        f"AP places {now}",
        "Change",
        f"Rate per place {now}",
    ]
    return csv_response(f"high-needs-place-change-{now.replace('/', '-')}.csv", header, rows)
