"""Top-up and lump sums: what each placement costs in a year and who pays, bands agreed instead of
a price, and lump sums per route. Schools see what they pay for their own pupils."""

from __future__ import annotations

from crispy_forms.utils import render_crispy_form
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_view
from apcommission.core.scoping import access_or_404, scope_for
from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money
from apcommission.core.years import financial_year_label
from placements.models import Placement

from ..forms import BandedTopUpForm, LumpSumForm, TopUpBandForm, TopUpFilterForm
from ..models import Payer
from ..rules import COMMITTED_STATUSES
from ..selectors import bands_of, lump_sums_of, top_up_list
from ..services import agreed_weekly_cost, banded_top_up_agree, lump_sum_set, top_up_band_set
from ._common import (
    FINANCE,
    LA_READERS,
    PAGE_SIZE,
    SCHOOL,
    add_service_errors,
    financial_year,
    form_page,
    funding_page,
    is_finance,
    user_la,
    user_la_id,
    year_url,
)

#: The filter form's markup by what it shows (see `_filter_form_html`), kept per process.
_FILTER_FORMS: dict[tuple, str] = {}
#: Renderings kept before the cache is emptied and filled again (a bound on memory).
KEPT_FILTER_FORMS = 200


def _filter_form_key(form) -> tuple | None:
    """What the filter form shows: every field's choices (the years and the payers) and the option
    chosen in it. None when a name is typed or a choice is invalid: such a form is rendered every
    time."""
    if form.is_bound and not form.is_valid():
        return None
    key = []
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.ChoiceField):
            key.append((name, tuple(field.choices), str(value)))
        elif value not in (None, ""):
            return None
    return tuple(key)


def _filter_form_html(form) -> str:
    """The filter form (crispy-forms), rendered once per process for each set of choices offered
    and chosen while nothing is typed in it: rendering it was a third of the page's time. Keyed by
    the choices themselves, so another year offered is another key."""
    key = _filter_form_key(form)
    html = None if key is None else _FILTER_FORMS.get(key)
    if html is None:
        html = render_crispy_form(form)
        if key is not None:
            if len(_FILTER_FORMS) >= KEPT_FILTER_FORMS:
                _FILTER_FORMS.clear()
            _FILTER_FORMS[key] = html
    return mark_safe(html)  # noqa: S308 - crispy-forms' own escaped output


@funding_page(*LA_READERS, *SCHOOL, pupil_level=True)
def top_ups(request):
    scope = scope_for(request.user)
    year, choices = financial_year(request)
    form = TopUpFilterForm(request.GET or None, year_choices=choices, by_school=scope.is_la_staff)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    listed = top_up_list(
        user=request.user,
        financial_year=year,
        page_size=PAGE_SIZE,
        page=request.GET.get("page"),
        payer=filters.get("payer") or "",
        school=filters.get("school") or "",
        search=filters.get("q") or "",
    )
    la_id = user_la_id(request) if scope.is_la_staff else None
    can_change = la_id is not None and is_finance(request, la_id)
    year_label = financial_year_label(year)
    context = {
        "form": form,
        "filter_form": _filter_form_html(form),
        "year_label": year_label,
        "page": listed.page,
        "body": _top_up_rows_html(listed.page.object_list, can_change=can_change, year_label=year_label),
        "totals": listed.totals,
        "is_school": not scope.is_la_staff,
        "can_change": can_change,
    }
    return render(request, "funding/topups/top_ups.html", context)


def _top_up_rows_html(rows, *, can_change: bool, year_label: str) -> str:
    """The list's rows, written here (the same markup as a template loop): money by the filter's
    own function, the band's address from one reversed prefix."""
    band_agree_url = address_of("funding:band-agree")
    html = []
    for row in rows:
        names = f"{escape(row['first_name'])} {escape(row['last_name'])}"
        band = f'<br><span class="govuk-body-s">{escape(row["band"])}</span>' if row["band"] else ""
        payer = escape(row["school_name"] or "School") if row["payer"] == Payer.SCHOOL else "Local authority"
        agree = (
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{band_agree_url(row["placement_id"])}">'
            f'Agree a band<span class="govuk-visually-hidden"> for {names}</span></a></td>'
            if can_change
            else ""
        )
        html.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell">{names}<br><span class="govuk-body-s">{escape(row["route"])}</span>'
            "</td>\n"
            f'      <td class="govuk-table__cell">{escape(row["provider_name"])}{band}</td>\n'
            f'      <td class="govuk-table__cell">{payer}</td>\n'
            f'      <td class="govuk-table__cell govuk-table__cell--numeric">{row["school_days"]}</td>\n'
            f'      <td class="govuk-table__cell govuk-table__cell--numeric">{money(row["top_up"])}</td>\n'
            f'      <td class="govuk-table__cell govuk-table__cell--numeric">{money(row["lump_sum"])}</td>\n'
            f"      {agree}\n"
            "    </tr>\n  "
        )
    if not rows:
        html.append(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="6">No placements with a top-up'
            f" or lump sum in {escape(year_label)}.</td></tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 - every value escaped or written by the app


@funding_page(*LA_READERS)
def bands(request):
    la = user_la(request)
    context = {"bands": bands_of(local_authority=la), "can_change": is_finance(request, la)}
    return render(request, "funding/topups/bands.html", context)


@funding_page(*FINANCE)
def band_set(request):
    la = user_la(request)
    form = TopUpBandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            band = create_once(
                form.token,
                request.user,
                top_up_band_set,
                user=request.user,
                local_authority=la,
                name=data["name"],
                annual_amount=data["annual_amount"],
                description=data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Band saved: {band.name}, {money(band.annual_amount)} a year")
            return redirect("funding:bands")
    return form_page(
        request,
        form,
        "Add or change a top-up band",
        caption="Top-up",
        intro="A band with the same name is changed; placements already agreed keep the amount agreed.",
        back=reverse("funding:bands"),
    )


@funding_page(*FINANCE, pupil_level=True)
def band_agree(request, placement_pk: int):
    la = user_la(request)
    placement = access_or_404(
        Placement.objects.with_related().filter(status__in=COMMITTED_STATUSES).select_related("banded_top_up__band"),
        request.user,
        pk=placement_pk,
    )
    audit_view(request, placement)
    form = BandedTopUpForm(request.POST or None, bands=bands_of(local_authority=la))
    if request.method == "POST" and form.is_valid():
        try:
            banded_top_up_agree(
                user=request.user,
                placement=placement,
                band=form.cleaned_data["band"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Band {form.cleaned_data['band'].name} agreed for {placement.pupil.full_name}")
            return redirect("funding:top-ups")
    context = {
        "form": form,
        "placement": placement,
        "pupil": placement.pupil,
        "weekly": agreed_weekly_cost(placement),
        "banded": getattr(placement, "banded_top_up", None),
    }
    return render(request, "funding/topups/band_agree.html", context)


@funding_page(*LA_READERS)
def lump_sums(request):
    la = user_la(request)
    context = {"lump_sums": lump_sums_of(local_authority=la), "can_change": is_finance(request, la)}
    return render(request, "funding/topups/lump_sums.html", context)


@funding_page(*FINANCE)
def lump_sum_add(request):
    la = user_la(request)
    year, choices = financial_year(request)
    form = LumpSumForm(request.POST or None, year_choices=choices, initial={"financial_year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lump_sum = create_once(
                form.token,
                request.user,
                lump_sum_set,
                user=request.user,
                local_authority=la,
                route_code=data["route_code"],
                financial_year=data["financial_year"],
                amount=data["amount"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Lump sum saved: {lump_sum.get_route_code_display()}, "
                f"{financial_year_label(lump_sum.financial_year)}, {money(lump_sum.amount)} a placement",
            )
            return redirect("funding:lump-sums")
    return form_page(
        request,
        form,
        "Add or change a lump sum",
        caption="Lump sums",
        intro="Each placement on the route that starts in the year carries the lump sum; who pays it follows the "
        "route (its lump-sum funder).",
        back=year_url("funding:lump-sums", year),
    )
