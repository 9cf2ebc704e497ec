"""The provider page and the register's rows written in Python (providers.views.provider_page,
providers.views.register._register_body) are the markup the pages' templates wrote."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from providers.choices import ApprovalStatus
from providers.views._common import status_tag_of
from providers.views.provider_page import provider_page_body, site_tables
from providers.views.register import _register_body

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
    assert site_tables(sites, officer=officer, own=own) == before


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


#: providers/detail.html's content as it was before it was written in Python (provider_page).
DETAIL_BEFORE = """{% load layout %}
<span class="govuk-caption-l">{{ provider.get_provider_type_display }}</span>
<h1 class="govuk-heading-l">{{ provider.name }}</h1>
<p class="govuk-body">{% include "providers/_status_tag.html" with status=provider.status label=provider.get_status_display %}</p>
{% if provider.conditions %}{% include "includes/inset.html" with text="Conditions of approval: "|add:provider.conditions %}{% endif %}
{% include "providers/_registration_warning.html" with show_counts=is_la_staff|default:is_own %}

{% if is_officer or is_own or is_school %}
<h2 class="govuk-heading-m">Actions</h2>
<ul class="govuk-list">
  {% if is_officer %}
  <li><a class="govuk-link" href="{% record_url "providers:edit" provider.pk %}">Edit the provider record</a></li>
  <li><a class="govuk-link" href="{% record_url "providers:status" provider.pk %}">Change the approval status</a></li>
  <li><a class="govuk-link" href="{% record_url "providers:qa-review-add" provider.pk %}">Record a QA review</a></li>
  <li><a class="govuk-link" href="{% record_url "providers:site-add" provider.pk %}">Add a site</a></li>
  {% endif %}
  {% if is_officer or is_own %}
  <li><a class="govuk-link" href="{% record_url "providers:offer-edit" provider.pk %}">Edit the offer and contact details</a></li>
  <li><a class="govuk-link" href="{% record_url "providers:contact-add" provider.pk %}">Add a contact</a></li>
  <li><a class="govuk-link" href="{% record_url "providers:price-add" provider.pk %}">{% if is_officer %}Add a price{% else %}Ask for a new price{% endif %}</a></li>
  <li><a class="govuk-link" href="{% record_url "providers:document-add" provider.pk %}">Upload a compliance document</a></li>
  {% endif %}
  {% if is_school or is_officer %}
  <li><a class="govuk-link" href="{% record_url "providers:concern-add" provider.pk %}">Report a concern about this provider</a></li>
  {% endif %}
  {% if is_school %}
  <li><a class="govuk-link" href="{% record_url "providers:feedback-add" provider.pk %}">Give termly feedback</a></li>
  {% endif %}
</ul>
{% endif %}

<h2 class="govuk-heading-m">Details</h2>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Type</dt><dd class="govuk-summary-list__value">{{ provider.get_provider_type_display }}</dd></div>
  {% if provider.urn %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">URN</dt><dd class="govuk-summary-list__value">{{ provider.urn }}</dd></div>{% endif %}
  {% if provider.ukprn %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">UKPRN</dt><dd class="govuk-summary-list__value">{{ provider.ukprn }}</dd></div>{% endif %}
  {% if provider.company_number %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Companies House number</dt><dd class="govuk-summary-list__value">{{ provider.company_number }}</dd></div>{% endif %}
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Ofsted</dt><dd class="govuk-summary-list__value">{{ provider.get_ofsted_judgement_display }}{% if provider.ofsted_date %} ({{ provider.ofsted_date|date:"j F Y" }}){% endif %}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Registration</dt><dd class="govuk-summary-list__value">{{ provider.get_registration_status_display }}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Telephone</dt><dd class="govuk-summary-list__value">{{ provider.telephone|default:"Not given" }}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Email</dt><dd class="govuk-summary-list__value">{{ provider.email|default:"Not given" }}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Website</dt><dd class="govuk-summary-list__value">{{ provider.website|default:"Not given" }}</dd></div>
</dl>
{% if provider.description %}<h2 class="govuk-heading-m">About the provision</h2><p class="govuk-body">{{ provider.description|linebreaksbr }}</p>{% endif %}

<h2 class="govuk-heading-m">Contacts</h2>
<ul class="govuk-list">
  {% for contact in contacts %}
  <li>{{ contact.name }}{% if contact.job_title %}, {{ contact.job_title }}{% endif %}{% if contact.is_designated_safeguarding_lead %} <strong class="govuk-tag govuk-tag--purple">Designated safeguarding lead</strong>{% endif %}
    {% if contact.telephone %} · {{ contact.telephone }}{% endif %}{% if contact.email %} · {{ contact.email }}{% endif %}
    {% if is_officer or is_own %} <a class="govuk-link" href="{{ contact.edit_url }}">Change<span class="govuk-visually-hidden"> {{ contact.name }}</span></a>{% endif %}</li>
  {% empty %}<li>No contacts recorded.</li>{% endfor %}
</ul>

<h2 class="govuk-heading-m">Sites and places</h2>
{# each site's heading, needs and table of places: providers.views.register._site_tables #}{{ site_tables }}

<table class="govuk-table">
  {% include "includes/table_caption.html" with text="Prices today" size="m" %}
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Price</th><th scope="col" class="govuk-table__header">Site</th><th scope="col" class="govuk-table__header">From</th><th scope="col" class="govuk-table__header">To</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for price in prices %}<tr class="govuk-table__row"><td class="govuk-table__cell">{{ price.amount }} {{ price.unit }}{% if price.description %} ({{ price.description }}){% endif %}</td><td class="govuk-table__cell">{% if price.site is not None %}{{ price.site }}{% else %}All sites{% endif %}</td><td class="govuk-table__cell">{{ price.effective_from }}</td><td class="govuk-table__cell">{{ price.effective_to|default:"Until further notice" }}</td></tr>
  {% empty %}<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No prices today.</td></tr>{% endfor %}
  </tbody>
</table>

{% if is_la_staff %}
<table class="govuk-table">
  {% include "includes/table_caption.html" with text="QA reviews" size="m" %}
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Date</th><th scope="col" class="govuk-table__header">Outcome</th><th scope="col" class="govuk-table__header">Moderation</th><th scope="col" class="govuk-table__header">Next review</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for review in reviews %}<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="{{ review.url }}">{{ review.date }}</a></td><td class="govuk-table__cell">{{ review.outcome_label }}</td><td class="govuk-table__cell">{% if review.is_moderated %}<strong class="govuk-tag govuk-tag--green">Moderated</strong>{% else %}<strong class="govuk-tag govuk-tag--yellow">Awaiting moderation</strong>{% endif %}</td><td class="govuk-table__cell">{{ review.next_review }}{% if review.is_overdue %} <strong class="govuk-tag govuk-tag--red">Overdue</strong>{% endif %}</td></tr>
  {% empty %}<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No QA reviews yet.</td></tr>{% endfor %}
  </tbody>
</table>
{% if not approving_review %}<p class="govuk-body">No moderated, current QA review recommends approval.</p>{% endif %}
{% endif %}

{% if is_la_staff or is_own %}
<table class="govuk-table">
  {% include "includes/table_caption.html" with text="Compliance documents" size="m" %}
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Document</th><th scope="col" class="govuk-table__header">Expires</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for document in documents %}<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="{{ document.url }}">{{ document.name }}</a></td><td class="govuk-table__cell">{{ document.expires_on|default:"Does not expire" }}{% if document.expired %} <strong class="govuk-tag govuk-tag--red">Expired</strong>{% endif %}</td></tr>
  {% empty %}<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">No documents.</td></tr>{% endfor %}
  </tbody>
</table>
{% endif %}

{% if is_la_staff %}
<h2 class="govuk-heading-m">Concerns</h2>
<ul class="govuk-list">{% for concern in concerns %}<li><a class="govuk-link" href="{{ concern.url }}">{{ concern.summary }}</a> ({{ concern.reported_by }}, {{ concern.status }})</li>{% empty %}<li>No concerns reported.</li>{% endfor %}</ul>
<h2 class="govuk-heading-m">Feedback from schools</h2>
<ul class="govuk-list">{% for item in feedback %}<li>{{ item.school }}, {{ item.term }} {{ item.academic_year }}: {{ item.rating }}{% if item.comments %}. {{ item.comments }}{% endif %}</li>{% empty %}<li>No feedback yet.</li>{% endfor %}</ul>
<table class="govuk-table">
  {% include "includes/table_caption.html" with text="Approval history" size="m" %}
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Date</th><th scope="col" class="govuk-table__header">Change</th><th scope="col" class="govuk-table__header">Reason</th><th scope="col" class="govuk-table__header">By</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for change in history %}<tr class="govuk-table__row"><td class="govuk-table__cell">{{ change.date }}</td><td class="govuk-table__cell">{% if change.from_status %}{{ change.from_status }} to {% endif %}{{ change.to_status }}</td><td class="govuk-table__cell">{{ change.reason }}</td><td class="govuk-table__cell">{{ change.author }}</td></tr>
  {% empty %}<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No changes recorded.</td></tr>{% endfor %}
  </tbody>
</table>
{% endif %}

{% if is_own %}
<h2 class="govuk-heading-m">Changes you asked for</h2>
<ul class="govuk-list">{% for change in change_requests %}<li>{{ change.summary }}: {{ change.status }}{% if change.decision_note %} ({{ change.decision_note }}){% endif %}</li>{% empty %}<li>None.</li>{% endfor %}</ul>
{% endif %}
"""  # noqa: E501

HOSTILE = '<b>O\'Neil & "Sons"</b>'


def _provider(**changes):
    values = {
        "pk": 12, "name": f"Oak {HOSTILE}", "status": "approved_conditions", "conditions": f"Ratio {HOSTILE}",
        "registration_status": "must_register", "urn": "123456", "ukprn": "", "company_number": f"CN {HOSTILE}",
        "ofsted_date": dt.date(2025, 3, 4), "telephone": "", "email": f"a{HOSTILE}@b.example", "website": "",
        "description": f"First line {HOSTILE}\nSecond line", "registration_flag": SimpleNamespace(
            must_register=True, reason=f"6 full-time pupils {HOSTILE}"),
    }  # fmt: skip
    values.update(changes)
    labels = {
        "get_provider_type_display": f"Non-school AP {HOSTILE}", "get_ofsted_judgement_display": "Good",
        "get_status_display": dict(ApprovalStatus.choices)[values["status"]],
        "get_registration_status_display": f"Must register {HOSTILE}",
    }  # fmt: skip
    return SimpleNamespace(**values, **{name: (lambda label=label: label) for name, label in labels.items()})


LISTS = {
    "contacts": [
        {"name": f"Ann {HOSTILE}", "job_title": f"Head {HOSTILE}", "is_designated_safeguarding_lead": True,
         "telephone": "01234 567890", "email": f"ann{HOSTILE}@x.example", "edit_url": "/providers/contacts/3/edit/"},
        {"name": "Bob", "job_title": "", "is_designated_safeguarding_lead": False, "telephone": "", "email": "",
         "edit_url": "/providers/contacts/4/edit/"},
    ],
    "prices": [
        {"amount": "£1,250.00", "unit": "a week", "description": f"Full {HOSTILE}", "site": f"Barn {HOSTILE}",
         "effective_from": "1 Sep 2026", "effective_to": ""},
        {"amount": "£80.00", "unit": "a day", "description": "", "site": None, "effective_from": "1 Sep 2026",
         "effective_to": "31 Aug 2027"},
    ],
    "reviews": [
        {"url": "/providers/qa/5/", "date": "2 Oct 2026", "outcome_label": f"Approve {HOSTILE}", "is_moderated": True,
         "next_review": "2 Oct 2027", "is_overdue": False},
        {"url": "/providers/qa/6/", "date": "2 Oct 2024", "outcome_label": "Approve", "is_moderated": False,
         "next_review": "2 Oct 2025", "is_overdue": True},
    ],
    "documents": [
        {"url": "/providers/documents/8/", "name": f"Insurance {HOSTILE}", "expires_on": "1 Jan 2026", "expired": True},
        {"url": "/providers/documents/9/", "name": "Policy", "expires_on": "", "expired": False},
    ],
    "concerns": [{"url": "/providers/concerns/2/", "summary": f"Late {HOSTILE}", "reported_by": f"School {HOSTILE}",
                  "status": "open"}],
    "feedback": [
        {"school": f"Ash {HOSTILE}", "term": "Autumn", "academic_year": 2025, "rating": "Good", "comments": HOSTILE},
        {"school": "Elm", "term": "Spring", "academic_year": 2025, "rating": "Poor", "comments": ""},
    ],
    "history": [
        {"date": "1 Sep 2026", "from_status": "Applied", "to_status": "Approved", "reason": HOSTILE,
         "author": f"Officer {HOSTILE}"},
        {"date": "1 Jun 2026", "from_status": "", "to_status": "Applied", "reason": "", "author": "Officer"},
    ],
    "change_requests": [
        {"summary": f"More places {HOSTILE}", "status": "Waiting", "decision_note": ""},
        {"summary": "Fewer places", "status": "Refused", "decision_note": f"Not now {HOSTILE}"},
    ],
}  # fmt: skip

READERS = {
    "officer": {"is_officer": True, "is_la_staff": True, "is_own": False, "is_school": False},
    "manager": {"is_officer": False, "is_la_staff": True, "is_own": False, "is_school": False},
    "provider": {"is_officer": False, "is_la_staff": False, "is_own": True, "is_school": False},
    "school": {"is_officer": False, "is_la_staff": False, "is_own": False, "is_school": True},
    "forum": {"is_officer": False, "is_la_staff": False, "is_own": False, "is_school": False},
}

PROVIDERS = {
    "flagged with conditions": _provider(),
    "plain": _provider(
        status="applied", conditions="", registration_status="not_required", urn="", company_number="",
        ofsted_date=None, telephone="0300 123", email="", website="https://x.example", description="",
        registration_flag=SimpleNamespace(must_register=False, reason=""),
    ),
    "recorded as must register": _provider(registration_flag=SimpleNamespace(must_register=False, reason="")),
}  # fmt: skip


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("filled", [True, False], ids=["lists", "no lists"])
@pytest.mark.parametrize("approving", [True, False], ids=["approving review", "none approving"])
def test_the_provider_page_is_the_markup_the_template_wrote(reader, provider, filled, approving):
    context = {
        "provider": PROVIDERS[provider],
        **READERS[reader],
        **{name: rows if filled else [] for name, rows in LISTS.items()},
        "site_tables": site_tables(SITES if filled else [], officer=READERS[reader]["is_officer"], own=False),
        "approving_review": object() if approving else None,
    }
    assert provider_page_body(context) == Template(DETAIL_BEFORE).render(Context(context))
