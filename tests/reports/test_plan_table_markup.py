"""The plan table written in Python (`{% plan_table %}`) is the markup its template loops wrote."""

from decimal import Decimal

from django.template import Context, Template

from reports.models import CommissioningPlan
from reports.selectors.plans import _table
from reports.templatetags.plans import plan_table

#: reports/_plan_table.html as it was before the table was written in Python.
TEMPLATE_BEFORE = """{% load plans %}<table class="govuk-table" id="plan-{{ table.plan.pk }}">
  <caption class="govuk-table__caption govuk-table__caption--s">{{ table.plan.name }} (£'000 unless stated)</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header"></th>{% for column in table.columns %}<th scope="col" class="govuk-table__header govuk-table__header--numeric num">{% if forloop.first %}{{ table.plan.baseline_label|default:column.label }}{% else %}{{ column.label }}{% endif %}</th>{% endfor %}</tr></thead>
  <tbody class="govuk-table__body">
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Cost of proposal</th>{% for column in table.columns %}<td class="govuk-table__cell govuk-table__cell--numeric num">{{ column.cost|thousands }}</td>{% endfor %}</tr>
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">In-year cost compared to baseline</th>{% for column in table.columns %}<td class="govuk-table__cell govuk-table__cell--numeric num">{{ column.in_year|thousands }}</td>{% endfor %}</tr>
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Cumulative payback</th>{% for column in table.columns %}<td class="govuk-table__cell govuk-table__cell--numeric num">{{ column.cumulative|thousands }}</td>{% endfor %}</tr>
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Pupils supported</th>{% for column in table.columns %}<td class="govuk-table__cell govuk-table__cell--numeric num">{{ column.pupils }}</td>{% endfor %}</tr>
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Unit cost per pupil (£)</th>{% for column in table.columns %}<td class="govuk-table__cell govuk-table__cell--numeric num">{{ column.unit_cost|money_whole }}</td>{% endfor %}</tr>
  </tbody>
</table>
"""  # noqa: E501


def test_the_plan_table_is_the_markup_the_template_wrote():
    plans = [
        CommissioningPlan(
            pk=7,
            name="Hub & spoke <'A'>",
            baseline_label='2024-25 "actual"',
            baseline_cost=Decimal("4257500.50"),
            baseline_pupils=120,
        ),
        CommissioningPlan(pk=8, name="Nothing", baseline_label="", baseline_cost=Decimal("0"), baseline_pupils=0),
    ]
    years = [
        [(1, Decimal("4600000"), 130), (2, Decimal("3879500.49"), 0), (3, Decimal("999.5"), 7)],
        [],
    ]
    for plan, rows in zip(plans, years, strict=True):
        table = _table(plan, rows)
        before = Template(TEMPLATE_BEFORE).render(Context({"table": table}))
        assert plan_table(table) + "\n" == before
