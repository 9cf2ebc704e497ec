# ruff: noqa: E501 - the templates these pages replaced, kept verbatim
"""The placement page's content and the panel's decisions, written in Python
(placements.views.placement_summary), are the markup the page's template and its include wrote."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from placements.models import PlacementStatus
from placements.selectors.placement_page import Answer, Answers, Decision
from placements.views.placement_summary import panel_decisions_html, placement_page_body
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

#: placements/_panel_decisions.html as it was.
DECISIONS_BEFORE = """{# The panel's decisions, newest first, each with the school's answers to a request for more information. Usage: {% include "placements/_panel_decisions.html" with decisions=panel_decisions show_answers=True %} #}
<h2 class="govuk-heading-m">Panel decisions</h2>
<ul class="govuk-list">{% for decision in decisions %}
  <li><strong>{{ decision.get_decision_display }}</strong> on {{ decision.decision_date|date:"j F Y" }} by {{ decision.decided_by }}: {{ decision.reasons|linebreaksbr }}
  {% if show_answers %}{% for answer in decision.answers.all %}
    <div class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-2">
      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">The school's answer, {{ answer.at|date:"j F Y" }}{% if answer.by %}, from {{ answer.by }}{% endif %}</h3>
      {{ answer.text|linebreaks }}
    </div>
  {% endfor %}{% endif %}</li>
{% endfor %}</ul>
"""  # noqa: E501

#: placements/placement_detail.html's content, with placements/_panel_decisions.html in place of
#: its include, as they were before they were written in Python.
BEFORE = (
    """{% load layout %}
<span class="govuk-caption-l">Placement for <a class="govuk-link" href="{% record_url 'placements:pupil-detail' pupil.pk %}">{{ pupil.full_name }}</a></span>
<h1 class="govuk-heading-l">{{ placement.provider.name }} – {{ placement.site.name }}</h1>
<p class="govuk-body"><strong class="govuk-tag">{{ placement.get_status_display }}</strong>
{% if waiting_position %} Number {{ waiting_position }} on the waiting list for this site and key stage; the next place that frees is offered in turn.{% endif %}</p>
{% if placement.offered_at %}<div class="govuk-inset-text">Offered a freed place from the waiting list on {{ placement.offered_at|date:"j F Y" }}.</div>{% endif %}
{% if placement.route_snapshot.requires_reintegration_plan and not placement.reintegration_plan %}
<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>A reintegration plan is needed before this placement starts.</strong></div>
{% endif %}
{% if placement.status == "more_information" and panel_question %}
<div class="govuk-inset-text">
  <h2 class="govuk-heading-s govuk-!-margin-bottom-1">The panel needs more information</h2>
  <p class="govuk-body">{{ panel_question.reasons|linebreaksbr }}</p>
</div>
{% endif %}
<div class="govuk-button-group">
  {% if actions.more_information %}<a class="govuk-button" href="{% record_url 'placements:placement-more-information' placement.pk %}">Send more information to the panel</a>{% endif %}
  {% if actions.panel %}<a class="govuk-button" href="{% record_url 'placements:panel-decision' placement.pk %}">Record the panel's decision</a>{% endif %}
  {% if actions.accept %}<a class="govuk-button" href="{% record_url 'placements:placement-accept' placement.pk %}">Accept and book</a>{% endif %}
  {% if actions.start %}<a class="govuk-button" href="{% record_url 'placements:placement-start' placement.pk %}">Record the start</a>{% endif %}
  {% if actions.end %}<a class="govuk-button govuk-button--secondary" href="{% record_url 'placements:placement-end' placement.pk %}">End placement</a>{% endif %}
  {% if actions.withdraw %}<a class="govuk-button govuk-button--warning" href="{% record_url 'placements:placement-withdraw' placement.pk %}">Withdraw</a>{% endif %}
</div>

{# commissioning, the placement and its cost: placements.views.placement_summary #}{{ summaries }}

{% if placement.takes_a_place or placement.status == "ended" %}
<h2 class="govuk-heading-m">Reviews and attendance</h2>
<ul class="govuk-list">
  <li><a class="govuk-link" href="{% record_url 'placements:review-list' placement.pk %}">Reviews of this placement</a></li>
  <li><a class="govuk-link" href="{% record_url 'placements:attendance-placement' placement.pk %}">Attendance at this placement</a></li>
</ul>
{% endif %}

{% if panel_decisions %}{% with decisions=panel_decisions show_answers=actions.see_answers %}"""
    + DECISIONS_BEFORE
    + """{% endwith %}{% endif %}

<h2 class="govuk-heading-m">History</h2>
<ul class="govuk-list">{% for change in status_changes %}<li>{{ change.at|date:"j M Y H:i" }}: {{ change.text }}{% if change.by %} by {{ change.by }}{% endif %}{% if change.note %} – {{ change.note }}{% endif %}</li>{% endfor %}</ul>

"""
)  # noqa: E501


HOSTILE = '<b>O\'Neil & "Sons"</b>'
#: Stored in UTC; both show it in local time.
AT = dt.datetime(2026, 7, 2, 23, 30, tzinfo=dt.UTC)


def _decisions():
    answered = Decision(1, "more_information", dt.date(2026, 10, 5), f"Officer {HOSTILE}", f"Why?\n{HOSTILE}")
    answered.answers = Answers([Answer(AT, f"Senco {HOSTILE}", f"Because\n\n{HOSTILE}"), Answer(AT, None, "Later")])
    return [Decision(2, "approved", dt.date(2026, 10, 20), "Chair", ""), answered]


CHANGES = [
    {"at": AT, "id": 1, "text": "New → Requested", "by": f"Senco {HOSTILE}", "note": ""},
    {"at": AT, "id": 2, "text": "Requested → More information", "by": None, "note": HOSTILE},
]

ACTIONS = ("more_information", "panel", "accept", "start", "end", "withdraw", "see_answers")


def _placement(status, **fields):
    placement = PlacementFactory(status=status, **fields)
    placement.pupil.legal_first_name = f"Ann {HOSTILE}"
    return placement


PLACEMENTS = {
    "more information, plan needed": lambda: _placement(
        PlacementStatus.MORE_INFORMATION, reintegration_plan="",
        route_snapshot={"name": "Permanent exclusion", "requires_reintegration_plan": True},
    ),
    "active, offered a freed place": lambda: _placement(PlacementStatus.ACTIVE, offered_at=AT),
    "ended": lambda: _placement(PlacementStatus.ENDED, ended_on=dt.date(2026, 11, 20), outcome="reintegrated"),
    "requested": lambda: _placement(PlacementStatus.REQUESTED),
}  # fmt: skip


@pytest.mark.parametrize("kind", PLACEMENTS)
@pytest.mark.parametrize("allowed", [ACTIONS, (), ("end", "withdraw", "see_answers")], ids=["all", "none", "some"])
@pytest.mark.parametrize("filled", [True, False], ids=["records", "no records"])
def test_the_placement_page_is_the_markup_the_template_wrote(kind, allowed, filled):
    placement = PLACEMENTS[kind]()
    decisions = _decisions() if filled else []
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "status_changes": CHANGES if filled else [],
        "panel_decisions": decisions,
        "panel_question": decisions[1] if filled else None,
        "waiting_position": 3 if filled else None,
        "actions": {action: action in allowed for action in ACTIONS},
        "summaries": SafeString(f"<p>summaries of {placement.pk}</p>"),
    }
    assert placement_page_body(context) == Template(BEFORE).render(Context(context))


@pytest.mark.parametrize("show_answers", [True, False])
def test_the_panel_decisions_are_the_markup_the_include_wrote(show_answers):
    decisions = _decisions()
    before = Template(DECISIONS_BEFORE).render(Context({"decisions": decisions, "show_answers": show_answers}))
    assert panel_decisions_html(decisions, show_answers=show_answers) == before
