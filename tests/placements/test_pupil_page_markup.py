# ruff: noqa: E501 - the templates these pages replaced, kept verbatim
"""The pupil page's content and the timeline, written in Python (placements.views.pupil_page), are
the markup the page's template and its includes wrote."""

import datetime as dt

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils.safestring import SafeString

from apcommission.core.scoping import Scope
from apcommission.dataprotection.conf import data_protection_roles
from placements.views.pupil_page import pupil_page_body, pupil_page_end, pupil_timeline_html
from tests.placements.factories import PupilFactory

pytestmark = pytest.mark.django_db

#: placements/dashboard/_pupil_timeline.html as it was.
TIMELINE_BEFORE = """{# The pupil's timeline. Usage: {% include "placements/dashboard/_pupil_timeline.html" with timeline=timeline %} (timeline: placements.selectors.timeline_rows(pupil_timeline(pupil=..., user=...)): events in the order they happened, dates and times worked out) and timeline_body (placements.selectors.timeline_body(timeline): its list items); renders nothing when timeline is not given. #}
{% if timeline is not None %}
<h2 class="govuk-heading-m">Timeline</h2>
{% if timeline %}
<ol class="govuk-list">
  {{ timeline_body }}
</ol>
{% else %}
<p class="govuk-body">Nothing recorded yet.</p>
{% endif %}
{% endif %}
"""  # noqa: E501

#: placements/pupil_detail.html's content with its includes in their places, as they were before
#: they were written in Python.
BEFORE = (
    """{% load layout data_protection pupils %}
<span class="govuk-caption-l">Pupil</span>
<h1 class="govuk-heading-l">{{ pupil.full_name }}</h1>
{% pupil_summary pupil %}
{% if can_edit %}<p class="govuk-body"><a class="govuk-link" href="{% record_url 'placements:pupil-edit' pupil.pk %}">Change<span class="govuk-visually-hidden"> {{ pupil.full_name }}'s details</span></a></p>{% endif %}
{% if can_request %}<a class="govuk-button" href="{% record_url 'placements:placement-request' pupil.pk %}">Request a placement</a>{% endif %}
{% if can_place %}<a class="govuk-button" href="{% record_url 'placements:placement-create' pupil.pk %}">Arrange a placement</a>{% endif %}
<h2 class="govuk-heading-m">Placements</h2>
{% with rows=placement_rows show_pupil=False %}{# Placements as a GOV.UK table. Usage: {% include "placements/_placement_table.html" with rows=placement_rows show_pupil=True %} (rows: placements.selectors.placement_rows); its rows are placement_body (the pupil page writes them: placements.views.pupils._placement_body) #}
<table class="govuk-table">
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    {% if show_pupil %}<th scope="col" class="govuk-table__header">Pupil</th>{% endif %}
    <th scope="col" class="govuk-table__header">Provider and site</th>
    <th scope="col" class="govuk-table__header">Route</th>
    <th scope="col" class="govuk-table__header">Dates</th>
    <th scope="col" class="govuk-table__header">Status</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {{ placement_body }}
  </tbody>
</table>
{% endwith %}
{# usage: {% include "placements/exclusions/_pupil_exclusions.html" %} on the pupil page; context: pupil, exclusions and health_absences (rows: url, kind_label, school_name, first_day, school_days), deadlines (DeadlineRow list), can_record_exclusion. Shows nothing to users who may see none of it (providers). #}{% load layout %}
{% if deadlines %}{% with rows=deadlines caption="Statutory deadlines" show_pupil=False %}{# usage: {% include "placements/exclusions/_deadline_table.html" with rows=rows caption="Statutory deadlines" show_pupil=True %} — rows: placements.selectors.DeadlineRow list (deadline, state, colour, url); its rows are deadline_body (the pupil page writes them: placements.views.pupils._deadline_body). #}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">{{ caption }}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    {% if show_pupil %}<th scope="col" class="govuk-table__header">Pupil or provider</th>{% endif %}
    <th scope="col" class="govuk-table__header">Deadline</th>
    <th scope="col" class="govuk-table__header">Who</th>
    <th scope="col" class="govuk-table__header">Due by</th>
    <th scope="col" class="govuk-table__header">Status</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {{ deadline_body }}
  </tbody>
</table>
{% endwith %}{% endif %}
{% if exclusions or health_absences or can_record_exclusion %}
<h2 class="govuk-heading-m">Exclusions and absences</h2>
{% if exclusions or health_absences %}
<ul class="govuk-list govuk-list--bullet">
  {% for exclusion in exclusions %}<li><a class="govuk-link" href="{{ exclusion.url }}">{{ exclusion.kind_label }}</a> from {{ exclusion.school_name }}, {{ exclusion.first_day|date:"j F Y" }}{% if exclusion.school_days %} for {{ exclusion.school_days }} school day{{ exclusion.school_days|pluralize }}{% endif %}</li>{% endfor %}
  {% for absence in health_absences %}<li>Absent for health reasons from {{ absence.first_day|date:"j F Y" }}, {{ absence.school_days }} school day{{ absence.school_days|pluralize }} ({{ absence.school_name }})</li>{% endfor %}
</ul>
{% else %}
<p class="govuk-body">None recorded.</p>
{% endif %}
{% if can_record_exclusion %}
<div class="govuk-button-group">
  <a class="govuk-button govuk-button--secondary" href="{% record_url 'placements:exclusion-create' pupil.pk %}">Record an exclusion or suspension</a>
  <a class="govuk-button govuk-button--secondary" href="{% record_url 'placements:health-absence-create' pupil.pk %}">Record an absence for health reasons</a>
</div>
{% endif %}
{% endif %}


{% if scope|handles_data_protection_for:pupil %}
<h2 class="govuk-heading-m">Data protection</h2>
<ul class="govuk-list">
  <li><a class="govuk-link" href="{% record_url 'dataprotection:export-new' pupil.pk %}">Export everything held about {{ pupil.full_name }}</a> (subject access request)</li>
  <li><a class="govuk-link" href="{% record_url 'dataprotection:hold-new' pupil.pk %}">Keep these records (legal hold)</a></li>
</ul>
{% endif %}
{% with timeline=timeline %}"""
    + TIMELINE_BEFORE
    + """{% endwith %}
{% if timeline_events > timeline|length %}<p class="govuk-body">These are the {{ timeline|length }} most recent of {{ timeline_events }} events. <a class="govuk-link" href="{% record_url 'placements:pupil-timeline' pupil.pk %}">See the whole timeline<span class="govuk-visually-hidden"> for {{ pupil.full_name }}</span></a></p>{% endif %}
"""
)  # noqa: E501

#: The page's content now: its parts written in Python around the data protection actions.
_PAGE = (settings.BASE_DIR / "templates" / "placements" / "pupil_detail.html").read_text()
_END = _PAGE.rindex("{% endblock %}") + len("{% endblock %}")
NOW = "{% load layout data_protection %}" + _PAGE[_PAGE.index("{% block content %}") : _END]


HOSTILE = '<b>O\'Neil & "Sons"</b>'

EXCLUSIONS = [
    {"url": "/placements/exclusions/4/", "kind_label": "Suspension", "school_name": f"Ash {HOSTILE}",
     "first_day": dt.date(2026, 10, 5), "school_days": 1},
    {"url": "/placements/exclusions/3/", "kind_label": "Permanent exclusion", "school_name": "Elm",
     "first_day": dt.date(2026, 9, 7), "school_days": None},
]  # fmt: skip
ABSENCES = [{"first_day": dt.date(2026, 11, 2), "school_days": 16, "school_name": f"Oak {HOSTILE}"}]
TIMELINE = [{"event": 1}, {"event": 2}]

READERS = {
    "officer": {"can_edit": True, "can_request": False, "can_place": True, "can_record_exclusion": True, "dpo": True},
    "school": {"can_edit": True, "can_request": True, "can_place": False, "can_record_exclusion": True, "dpo": False},
    "provider": {"can_edit": False, "can_request": False, "can_place": False, "can_record_exclusion": False,
                 "dpo": False},
}  # fmt: skip


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("filled", [True, False], ids=["records", "no records"])
@pytest.mark.parametrize("events", [2, 40], ids=["whole timeline", "latest of a longer timeline"])
def test_the_pupil_page_is_the_markup_the_template_wrote(reader, filled, events):
    pupil = PupilFactory(legal_first_name=f"Ann {HOSTILE}")
    allowed = dict(READERS[reader])
    roles = {role: frozenset({pupil.home_la_id}) for role in data_protection_roles()} if allowed.pop("dpo") else {}
    timeline = TIMELINE if filled else []
    context = {
        "pupil": pupil,
        **allowed,
        "scope": Scope(la_ids=frozenset({pupil.home_la_id}) if roles else frozenset(), by_role=roles),
        "placement_body": SafeString("<tr><td>placements</td></tr>"),
        "deadlines": ["a deadline"] if filled else [],
        "deadline_body": SafeString("<tr><td>deadlines</td></tr>"),
        "exclusions": EXCLUSIONS if filled else [],
        "health_absences": ABSENCES if filled else [],
        "timeline": timeline,
        "timeline_body": SafeString("<li>events</li>"),
        "timeline_events": events if filled else 0,
    }
    context |= {"page_body": pupil_page_body(context), "page_end": pupil_page_end(context)}
    assert Template(NOW).render(Context(context)) == Template(BEFORE).render(Context(context))


@pytest.mark.parametrize("timeline", [TIMELINE, [], None], ids=["events", "no events", "not given"])
def test_the_timeline_is_the_markup_its_include_wrote(timeline):
    body = SafeString("<li>events</li>")
    before = Template(TIMELINE_BEFORE).render(Context({"timeline": timeline, "timeline_body": body}))
    assert pupil_timeline_html(timeline, body) == before
