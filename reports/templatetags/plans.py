"""`{{ amount|thousands }}`: pounds as the Forum's tables print them, in £'000 with separators and
a minus sign (4,258; −378). Empty for no figure (the baseline has no in-year cost).

`{% plan_table table %}`: the Bromley table of a plan (reports/_plan_table.html, its one use),
written here rather than by five template loops of filters.

`{% copy_plan_form form %}`: the plan page's "Copy this scenario" form. Shown unfilled, its markup
is the same on every plan page but for four values (the address, the CSRF token, the submission
token and the suggested name), so crispy-forms renders it once per process with stand-ins and each
page puts its own values in; a form with what was typed or its errors is rendered in full."""

from crispy_forms.utils import render_crispy_form
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from apcommission.core.templatetags.money import money_whole

from ..selectors.plans import PlanTable, in_thousands

register = template.Library()


@register.filter
def thousands(amount) -> str:
    value = in_thousands(amount)
    if value is None:
        return ""
    return f"−{abs(value):,}" if value < 0 else f"{value:,}"


_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric num">'
_ROWS = (
    ("Cost of proposal", lambda column: thousands(column.cost)),
    ("In-year cost compared to baseline", lambda column: thousands(column.in_year)),
    ("Cumulative payback", lambda column: thousands(column.cumulative)),
    ("Pupils supported", lambda column: column.pupils),
    ("Unit cost per pupil (£)", lambda column: money_whole(column.unit_cost)),
)


@register.simple_tag
def plan_table(table: PlanTable) -> str:
    plan, columns = table.plan, table.columns
    labels = [plan.baseline_label or columns[0].label, *(column.label for column in columns[1:])]
    head = "".join(
        f'<th scope="col" class="govuk-table__header govuk-table__header--numeric num">{conditional_escape(label)}</th>'
        for label in labels
    )
    lines = [
        f'<table class="govuk-table" id="plan-{plan.pk}">',
        f'  <caption class="govuk-table__caption govuk-table__caption--s">{conditional_escape(plan.name)}'
        " (£'000 unless stated)</caption>",
        '  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">'
        f"</th>{head}</tr></thead>",
        '  <tbody class="govuk-table__body">',
    ]
    for heading, value in _ROWS:
        cells = "".join(f"{_CELL}{conditional_escape(value(column))}</td>" for column in columns)
        lines.append(
            f'    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{heading}</th>{cells}</tr>'
        )
    lines += ["  </tbody>", "</table>"]
    return mark_safe("\n".join(lines))  # noqa: S308 - our markup, every value escaped


#: Stand-ins no address, token or name contains, replaced by each page's own values.
_ACTION, _CSRF, _TOKEN, _NAME = "zzCopyActionzz", "zzCopyCsrfzz", "zzCopyTokenzz", "zzCopyNamezz"
_SKELETON: dict[type, str] = {}


def _skeleton(form_class) -> str:
    html = _SKELETON.get(form_class)
    if html is None:
        form = form_class(initial={"name": _NAME, "submission_token": _TOKEN})
        form.helper.form_action = _ACTION
        html = _SKELETON[form_class] = render_crispy_form(form, context={"csrf_token": _CSRF})
        if any(html.count(stand_in) != 1 for stand_in in (_ACTION, _CSRF, _TOKEN, _NAME)):
            raise ValueError("The copy form's markup does not have each value once")
    return html


@register.simple_tag(takes_context=True)
def copy_plan_form(context, form) -> str:
    if form.is_bound:
        return render_crispy_form(form, context=context.flatten())
    values = {
        _ACTION: form.helper.form_action,
        _CSRF: str(context.get("csrf_token", "")),
        _TOKEN: str(form.initial["submission_token"]),
        _NAME: str(form.initial["name"]),
    }
    html = _skeleton(type(form))
    for stand_in, value in values.items():
        html = html.replace(stand_in, str(conditional_escape(value)))
    return mark_safe(html)  # noqa: S308 - crispy-forms' escaped markup, and escaped values
