"""AWPU recoupment: per-pupil rates, permanent exclusions to calculate, calculating a reduction
(question page, then the arithmetic to check, then saved), an admitting school's amount, the
recoupment list by school, one calculation, and moving it on."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_view, audit_view_request
from apcommission.core.compiled import access_compiled_or_404
from apcommission.core.models import School, SchoolType
from apcommission.core.scoping import access_or_404, scope_for
from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money
from apcommission.core.years import financial_year_label
from placements.models import Exclusion, ExclusionKind

from ..forms import (
    AdmittingForm,
    CsvUploadForm,
    NotifyForm,
    PerPupilRateForm,
    RecoupmentFilterForm,
    RecoupmentForm,
    RecoverForm,
    WaiveForm,
    YearFilterForm,
)
from ..models import FundingBasis, Recoupment, RecoupmentKind, RecoupmentStatus
from ..selectors import (
    exclusion_first_page,
    exclusion_rows,
    outstanding_summary,
    rates_of,
    recoupment_first_page,
    recoupment_history_and_admitting,
    recoupment_rows,
)
from ..services import (
    RATE_CSV_COLUMNS,
    admitting_calculate,
    admitting_work_out,
    can_move,
    per_pupil_rate_set,
    per_pupil_rates_import,
    recoupment_calculate,
    recoupment_notify,
    recoupment_recover,
    recoupment_waive,
    recoupment_work_out,
)
from ..services.recoupment import NOT_MAINSTREAM_TYPES, is_academy
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
    list_page,
    short_date,
    user_la,
    user_la_id,
    year_url,
)

#: Each school type's label, worked out once rather than for every row.
SCHOOL_TYPES = {value: escape(label) for value, label in SchoolType.choices}

#: Each kind of calculation's label, escaped once.
KIND_LABELS = {value: escape(label) for value, label in RecoupmentKind.choices}

#: A calculation's note that the school is an academy, which pays only by agreement.
BY_AGREEMENT = '<br><span class="govuk-body-s">By agreement with the trust</span>'
BY_AGREEMENT_TAG = ' <strong class="govuk-tag govuk-tag--yellow">By agreement with the trust</strong>'

# -- rates ----------------------------------------------------------------------------------


@funding_page(*LA_READERS)
def rate_list(request):
    la = user_la_id(request)
    year, choices = financial_year(request)
    context = {
        "year": year,
        "year_label": financial_year_label(year),
        "form": YearFilterForm({"year": year}, choices=choices),
        "rates": rates_of(local_authority=la, financial_year=year),
        "can_change": is_finance(request, la),
    }
    return render(request, "funding/recoupment/rates.html", context)


@funding_page(*FINANCE)
def rate_set(request):
    la = user_la(request)
    year, choices = financial_year(request)
    form = PerPupilRateForm(request.POST or None, year_choices=choices, initial={"financial_year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rate = create_once(
                form.token,
                request.user,
                per_pupil_rate_set,
                user=request.user,
                local_authority=la,
                financial_year=data["financial_year"],
                kind=data["kind"],
                band=data["band"],
                amount=data["amount"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map={"kind": "kind"})
        else:
            messages.success(request, f"Rate saved: {rate}, {money(rate.amount)}")
            return redirect(year_url("funding:rate-list", rate.financial_year))
    return form_page(
        request,
        form,
        "Enter a per-pupil rate",
        caption="Recoupment",
        intro="The amount for one pupil for the full financial year. A rate already entered for the year, kind and "
        "band is changed.",
        back=year_url("funding:rate-list", year),
    )


@funding_page(*FINANCE)
def rate_import(request):
    la = user_la(request)
    form = CsvUploadForm(request.POST or None, request.FILES or None, columns=RATE_CSV_COLUMNS)
    if request.method == "POST" and form.is_valid():
        try:
            count = per_pupil_rates_import(user=request.user, local_authority=la, rows=form.cleaned_data["rows"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, f"{count} rate{'s' if count != 1 else ''} imported")
            return redirect("funding:rate-list")
    return form_page(
        request,
        form,
        "Import per-pupil rates",
        caption="Recoupment",
        intro="One rate a row: financial_year (like 2026-27), kind (AWPU or pupil premium), band (primary, KS3, "
        "KS4, secondary or looked after) and amount. If any row is wrong, nothing is imported.",
        back=reverse("funding:rate-list"),
    )


@cache
def _status_tags() -> dict[str, str]:
    """Each status's GOV.UK tag, rendered once per process."""
    return {
        status: render_to_string("funding/recoupment/_status.html", {"status": status, "label": label})
        for status, label in RecoupmentStatus.choices
    }


# -- the list, the exclusions to calculate, one calculation ---------------------------------


@funding_page(*LA_READERS, *SCHOOL, pupil_level=True)
def recoupment_list(request):
    form = RecoupmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    status, kind = filters.get("status", ""), filters.get("kind", "")
    scope = scope_for(request.user)
    page = list_page(
        request,
        lambda: recoupment_first_page(user=request.user, status=status, kind=kind, per_page=PAGE_SIZE),
        lambda: recoupment_rows(user=request.user, status=status, kind=kind),
    )
    # The table's rows written here (the same markup the template's loop wrote): words, dates and
    # money by the filters' own functions, each status's tag once per process, each row's address
    # from one reversed prefix.
    tags = _status_tags()
    kinds = KIND_LABELS
    detail = address_of("funding:recoupment-detail")
    body = "".join(
        '\n    <tr class="govuk-table__row">\n'
        f'      <td class="govuk-table__cell"><a class="govuk-link" href="{detail(row["pk"])}">'
        f"{escape(row['first_name'])} {escape(row['last_name'])}</a><br>"
        f'<span class="govuk-body-s">{kinds[row["kind"]]}</span></td>\n'
        f'      <td class="govuk-table__cell">{escape(row["school_name"])}'
        f"{BY_AGREEMENT if row['basis'] == FundingBasis.ACADEMY else ''}</td>\n"
        f'      <td class="govuk-table__cell">{short_date(row["relevant_date"])}</td>\n'
        f'      <td class="govuk-table__cell">{tags[row["status"]]}</td>\n'
        f'      <td class="govuk-table__cell govuk-table__cell--numeric">{money(row["total"])}</td>\n'
        "    </tr>\n  "
        for row in page.object_list
    )
    outstanding = outstanding_summary(user=request.user, schools=PAGE_SIZE)
    context = {
        "form": form,
        "by_school": outstanding.schools,
        # The schools' rows written here too (the same markup the template's loop wrote).
        "by_school_body": mark_safe(  # noqa: S308 - every value escaped or written by the app
            "".join(
                '\n    <tr class="govuk-table__row">\n'
                f'      <th scope="row" class="govuk-table__header">{escape(row["school_name"])}'
                f"{BY_AGREEMENT_TAG if row['by_agreement'] else ''}</th>\n"
                f'      <td class="govuk-table__cell govuk-table__cell--numeric">{row["count"]}</td>\n'
                f'      <td class="govuk-table__cell govuk-table__cell--numeric">{money(row["total"])}</td>\n'
                "    </tr>\n  "
                for row in outstanding.schools
            )
        ),
        "outstanding": outstanding,
        "page": page,
        "body": mark_safe(body),  # noqa: S308 - every value escaped or written by the app
        "is_school": not scope.is_la_staff,
        "can_change": bool(scope.la_ids) and is_finance(request, user_la_id(request)),
    }
    return render(request, "funding/recoupment/list.html", context)


@funding_page(*LA_READERS, pupil_level=True)
def exclusions_list(request):
    la = user_la_id(request)
    page = list_page(
        request,
        lambda: exclusion_first_page(user=request.user, per_page=PAGE_SIZE),
        lambda: exclusion_rows(user=request.user),
    )
    can_change = is_finance(request, la)
    # The table's rows written here (the same markup the template's loop wrote), each row's
    # address from one reversed prefix.
    calculate = address_of("funding:recoupment-calculate")
    rows = []
    for row in page.object_list:
        name = f"{escape(row['first_name'])} {escape(row['last_name'])}"
        trust = f", {escape(row['trust_name'])}" if row["trust_name"] else ""
        action = (
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{calculate(row["pk"])}">Calculate'
            f'<span class="govuk-visually-hidden"> the reduction for {name}</span></a></td>'
            if can_change
            else ""
        )
        rows.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell">{name}</td>\n'
            f'      <td class="govuk-table__cell">{escape(row["school_name"])}<br>'
            f'<span class="govuk-body-s">{SCHOOL_TYPES[row["school_type"]]}{trust}</span></td>\n'
            f'      <td class="govuk-table__cell">{short_date(row["first_day"])}</td>\n'
            f"      {action}\n"
            "    </tr>\n  "
        )
    context = {
        "page": page,
        "body": mark_safe("".join(rows)),  # noqa: S308 - every value escaped or written by the app
        "can_change": can_change,
    }
    return render(request, "funding/recoupment/exclusions.html", context)


def _basis_guess(school: School) -> str:
    if school.school_type in NOT_MAINSTREAM_TYPES:
        return ""
    return FundingBasis.ACADEMY if is_academy(school) else FundingBasis.MAINTAINED


def _money_or_zero(value) -> Decimal:
    return value if value is not None else Decimal("0")


@funding_page(*FINANCE, pupil_level=True)
def recoupment_calculate_view(request, pk: int):
    exclusion = access_or_404(
        Exclusion.objects.select_related("pupil", "school__organisation").filter(kind=ExclusionKind.PERMANENT),
        request.user,
        pk=pk,
    )
    audit_view(request, exclusion)
    form = RecoupmentForm(request.POST or None, initial={"basis": _basis_guess(exclusion.school)})
    worked = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "basis": data["basis"],
            "adjustment": _money_or_zero(data["adjustment"]),
            "adjustment_reason": data["adjustment_reason"],
        }
        try:
            if request.POST.get("confirm") == "yes":
                recoupment = recoupment_calculate(
                    user=request.user, exclusion=exclusion, submission_token=data["submission_token"], **values
                )
                messages.success(request, f"Recoupment calculated: {money(recoupment.total)} from {exclusion.school}")
                return redirect("funding:recoupment-detail", pk=recoupment.pk)
            worked = recoupment_work_out(user=request.user, exclusion=exclusion, **values)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"form": form, "exclusion": exclusion, "pupil": exclusion.pupil, "worked": worked}
    template = "funding/recoupment/check.html" if worked else "funding/recoupment/calculate.html"
    return render(request, template, context)


@funding_page(*LA_READERS, *SCHOOL, pupil_level=True)
def recoupment_detail(request, pk: int):
    # The calculation (for the user's scope, else 404), its history and the admitting schools'
    # amounts are read by statements compiled once a process (core.compiled), its id their slot.
    recoupment = access_compiled_or_404(
        "recoupment page",
        lambda: Recoupment.objects.select_related(
            "pupil", "school__organisation", "calculated_by", "excluding_recoupment__school__organisation"
        ),
        request.user,
        pk,
    )
    finance = is_finance(request, recoupment.local_authority_id)
    history, admitting = recoupment_history_and_admitting(
        recoupment.pk,
        with_admitting=recoupment.kind == RecoupmentKind.EXCLUDING,
        sent_with=[audit_view_request(request, recoupment)],  # the view's audit event, in the same round trip
    )
    context = {
        "recoupment": recoupment,
        "tag": _status_tags()[recoupment.status],
        "pupil": recoupment.pupil,
        "history": _history_rows(history),
        "admitting": admitting,
        "actions": {
            "notify": finance and can_move(recoupment, RecoupmentStatus.NOTIFIED),
            "recover": finance and can_move(recoupment, RecoupmentStatus.RECOVERED),
            "waive": finance and can_move(recoupment, RecoupmentStatus.WAIVED),
            "admitting": finance
            and recoupment.kind == RecoupmentKind.EXCLUDING
            and recoupment.status != RecoupmentStatus.WAIVED,
        },
    }
    return render(request, "funding/recoupment/detail.html", context)


#: Each status's label, escaped once.
STATUS_LABELS = {value: escape(label) for value, label in RecoupmentStatus.choices}


def _moved_at(at) -> str:
    """`date:"j M Y, H:i"` (7 Sep 2026, 14:05), as the history's rows show when a status moved."""
    return f"{short_date(at)}, {at:%H:%M}"


def _history_rows(changes: list[dict]) -> str:
    """The history table's rows, written here (the same markup as the template's loop wrote)."""
    rows = []
    for change in changes:
        moved = f"{STATUS_LABELS.get(change['from_status']) or escape(change['from_status']) or 'New'} → " + (
            STATUS_LABELS.get(change["to_status"]) or escape(change["to_status"])
        )
        note = f'<br><span class="govuk-body-s">{escape(change["note"])}</span>' if change["note"] else ""
        rows.append(
            '\n    <tr class="govuk-table__row">'
            f'<td class="govuk-table__cell">{_moved_at(localtime(change["at"]))}</td>'
            f'<td class="govuk-table__cell">{moved}{note}</td>'
            f'<td class="govuk-table__cell">{escape(change["by_name"] or "")}</td></tr>\n  '
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped or written by the app


def _finance_recoupment(request, pk: int) -> Recoupment:
    recoupment = access_or_404(Recoupment.objects.select_related("pupil", "school__organisation"), request.user, pk=pk)
    if not is_finance(request, recoupment.local_authority_id):
        raise Http404("Page not found")
    return recoupment


@funding_page(*FINANCE, pupil_level=True)
def recoupment_admitting(request, pk: int):
    reduction = _finance_recoupment(request, pk)
    if reduction.kind != RecoupmentKind.EXCLUDING:
        raise Http404("Page not found")
    schools = (
        School.objects.filter(organisation__local_authority_id=reduction.local_authority_id)
        .exclude(pk=reduction.school_id)
        .exclude(school_type__in=NOT_MAINSTREAM_TYPES)
        .select_related("organisation")
    )
    form = AdmittingForm(request.POST or None, schools=schools)
    worked = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "school": data["school"],
            "admitted_on": data["admitted_on"],
            "basis": data["basis"],
            "additional": _money_or_zero(data["additional"]),
            "additional_reason": data["additional_reason"],
        }
        try:
            if request.POST.get("confirm") == "yes":
                amount = admitting_calculate(
                    user=request.user, reduction=reduction, submission_token=data["submission_token"], **values
                )
                messages.success(request, f"Amount due to {amount.school} calculated: {money(amount.total)}")
                return redirect("funding:recoupment-detail", pk=amount.pk)
            worked = admitting_work_out(user=request.user, reduction=reduction, **values)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"form": form, "reduction": reduction, "pupil": reduction.pupil, "worked": worked}
    template = "funding/recoupment/admitting_check.html" if worked else "funding/recoupment/admitting.html"
    return render(request, template, context)


def _move_view(request, pk: int, *, form_class, heading: str, act, target: str):
    recoupment = _finance_recoupment(request, pk)
    if not can_move(recoupment, target):
        raise Http404("Page not found")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = act(recoupment, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Recoupment {moved.get_status_display().lower()}: {money(moved.total)}")
            return redirect("funding:recoupment-detail", pk=moved.pk)
    return form_page(
        request,
        form,
        heading,
        caption=f"{recoupment.pupil.full_name}: {recoupment.school}, {money(recoupment.total)}",
        back=reverse("funding:recoupment-detail", args=[recoupment.pk]),
    )


@funding_page(*FINANCE, pupil_level=True)
def recoupment_notify_view(request, pk: int):
    return _move_view(
        request,
        pk,
        form_class=NotifyForm,
        heading="Mark the school as notified",
        target=RecoupmentStatus.NOTIFIED,
        act=lambda r, data: recoupment_notify(user=request.user, recoupment=r, notified_on=data["notified_on"]),
    )


@funding_page(*FINANCE, pupil_level=True)
def recoupment_recover_view(request, pk: int):
    return _move_view(
        request,
        pk,
        form_class=RecoverForm,
        heading="Mark the amount as recovered",
        target=RecoupmentStatus.RECOVERED,
        act=lambda r, data: recoupment_recover(user=request.user, recoupment=r, recovered_on=data["recovered_on"]),
    )


@funding_page(*FINANCE, pupil_level=True)
def recoupment_waive_view(request, pk: int):
    return _move_view(
        request,
        pk,
        form_class=WaiveForm,
        heading="Waive the amount",
        target=RecoupmentStatus.WAIVED,
        act=lambda r, data: recoupment_waive(user=request.user, recoupment=r, reason=data["reason"]),
    )
