"""Place funding: the places commissioned per provider for an academic year, recording them, and
the High Needs place change CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render

from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money
from apcommission.core.years import academic_year_label
from providers.models import ProviderType

from ..forms import CommissionedPlacesForm, YearFilterForm
from ..selectors import place_change_rows, place_funded_providers, place_funding_summary
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
    rows = place_change_rows(local_authority=la, academic_year=year).values(
        "provider_type", "places_before", "places_now", "change", "rate_now", name=F("organisation__name")
    )
    # A page of providers at a time (a region has hundreds); the return (CSV) has every one.
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [
        {
            "name": row["name"],
            "type_label": PROVIDER_TYPES[row["provider_type"]],
            "places_before": row["places_before"],
            "places_now": row["places_now"],
            "change": f"+{row['change']}" if row["change"] > 0 else row["change"],
            "rate_now": money(row["rate_now"]) if row["rate_now"] is not None else "–",
        }
        for row in page.object_list
    ]
    context = {
        "year": year,
        "year_label": academic_year_label(year),
        "previous_label": academic_year_label(year - 1),
        "form": YearFilterForm({"year": year}, choices=choices, label="Academic year"),
        "page": page,
        "summary": place_funding_summary(local_authority=la, academic_year=year),
        "can_change": is_finance(request, la),
    }
    return render(request, "funding/places/places.html", context)


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
