"""The provider page's sites and the register's rows written in Python
(providers.views.register._site_tables, _register_body) are the markup the pages' template loops
wrote."""

import pytest
from django.template import Context, Template

from providers.views._common import status_tag_of
from providers.views.register import _register_body, _site_tables

#: providers/detail.html's loop over the sites as it was before they were written in Python.
TEMPLATE_BEFORE = """{% for row in sites %}
<h3 class="govuk-heading-s">{{ row.site.name }}{% if row.site.postcode %}, {{ row.site.postcode }}{% endif %}</h3>
<p class="govuk-body">Needs: {{ row.needs|join:", "|default:"none listed" }}</p>
<table class="govuk-table">
  {% include "includes/table_caption.html" with text="Places at "|add:row.site.name hidden=True %}
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Key stage</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Places</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Free today</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for p in row.places %}<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{{ p.key_stage }}</th><td class="govuk-table__cell govuk-table__cell--numeric">{{ p.places }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ p.free }}</td></tr>
  {% empty %}<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">No places listed.</td></tr>{% endfor %}
  </tbody>
</table>
{% if is_officer or is_own %}<p class="govuk-body"><a class="govuk-link" href="{% url 'providers:capacity-edit' row.site.pk %}">{% if is_officer %}Change places{% else %}Ask to change places{% endif %}<span class="govuk-visually-hidden"> at {{ row.site.name }}</span></a></p>{% endif %}
{% empty %}<p class="govuk-body">No sites recorded.</p>{% endfor %}"""  # noqa: E501

SITES = [
    {
        "site": {"pk": 7, "name": "Barn & <Yard> 'East'", "postcode": 'HR1 "1AA"'},
        "needs": ["Social, emotional and mental health (SEMH)", "Medical <needs>"],
        "places": [
            {"key_stage": "Key stage 3", "places": 4, "free": 0},
            {"key_stage": "Key stage 5 (16 to 19)", "places": 1200, "free": 35},
        ],
    },
    {"site": {"pk": 8, "name": "Annexe", "postcode": ""}, "needs": [], "places": []},
]


@pytest.mark.parametrize("sites", [SITES, SITES[1:], []])
@pytest.mark.parametrize(("officer", "own"), [(True, False), (False, True), (False, False), (True, True)])
def test_the_site_tables_are_the_markup_the_template_wrote(sites, officer, own):
    before = Template(TEMPLATE_BEFORE).render(Context({"sites": sites, "is_officer": officer, "is_own": own}))
    assert _site_tables(sites, officer=officer, own=own) == before


#: providers/register_list.html's loop over the rows as it was before they were written in Python.
REGISTER_BEFORE = """{% for row in rows %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{{ row.url }}">{{ row.name }}</a></td>
      <td class="govuk-table__cell">{{ row.type }}</td>
      <td class="govuk-table__cell">{{ row.status_tag }}</td>
      <td class="govuk-table__cell">{% if row.must_register %}<strong class="govuk-tag govuk-tag--red">Must register as an independent school</strong>{% else %}{{ row.registration }}{% endif %}</td>
    </tr>
    {% empty %}
    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No providers match.</td></tr>
    {% endfor %}"""  # noqa: E501

REGISTER_ROWS = [
    {
        "url": "/providers/7/", "name": "Oak & <Ash> 'Tree'", "type": "Non-school AP",
        "status_tag": status_tag_of("approved"), "must_register": True, "registration": "Not registered",
    },
    {
        "url": "/providers/8/", "name": 'The "Hub"', "type": "Pupil referral unit",
        "status_tag": status_tag_of("suspended"), "must_register": False, "registration": "Registered <school>",
    },
]  # fmt: skip


@pytest.mark.parametrize("rows", [REGISTER_ROWS, []])
def test_the_register_rows_are_the_markup_the_template_wrote(rows):
    assert _register_body(rows) == Template(REGISTER_BEFORE).render(Context({"rows": rows}))
