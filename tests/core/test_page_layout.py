"""The page around every page (templates/base.html), written in Python (core.page_layout), is the
markup the layout's templates wrote, for every state of the page: signed in or not, with the
navigation's current entry, messages, a form with errors, a phase or none, and no context at all
(the 500 page)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine, engines
from django.test import RequestFactory

from apcommission.core import layout

#: templates/base.html and its includes as they were before they were written in Python.
BEFORE = {
    "base.html": """{% load layout %}{% firstof service_name "AP Commissioning" as service %}<!DOCTYPE html>
{# The page template of govuk-frontend 6.6.0 (dist/govuk/template.njk) in Django. Blocks: title, head, before_content (back link or breadcrumbs), content. No inline scripts or styles: the CSP forbids them. #}
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>{% if form.errors %}Error: {% endif %}{% block title %}{% endblock %} – {{ service }}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#0b0c0c">
  <link rel="icon" sizes="any" href="{% fixed_static 'images/favicon.svg' %}" type="image/svg+xml">
  <link rel="stylesheet" href="{% fixed_static 'css/application.css' %}">
  {% block head %}{% endblock %}
</head>
<body class="govuk-template__body">
  <script src="{% fixed_static 'js/body-class.js' %}"></script>
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header">
    {% include "includes/header.html" %}
  </header>
  <div class="govuk-width-container">
    {% include "includes/phase_banner.html" %}
    {% block before_content %}{% endblock %}
    <main class="govuk-main-wrapper" id="main-content">
      {% include "includes/messages.html" %}
      {% block content %}{% endblock %}
    </main>
  </div>
  <footer class="govuk-template__footer">
    {% once service_name footer_links %}{% include "includes/footer.html" %}{% endonce %}
  </footer>
  <script type="module" src="{% fixed_static 'js/application.js' %}"></script>
  {% if user.is_authenticated %}{% include "includes/timeout_warning.html" %}{% endif %}
</body>
</html>
""",  # noqa: E501
    "includes/header.html": """{# usage: included once by base.html inside <header>. The Generic header (no crown: a council service is not on GOV.UK) with the service name, then the service navigation: `navigation` comes from core.context_processors.service, already filtered by the user's roles, and is rendered once per process for each state of the entries ({% once %}: core/templatetags/layout.py); sign-out is a POST, so it is a button styled as a link. Markup: govuk-frontend 6.6.0 generic-header and service-navigation. #}{% load layout %}
{% once service_name %}{% firstof service_name "AP Commissioning" as service %}
<div class="govuk-generic-header">
  <div class="govuk-generic-header__container govuk-width-container">
    <div class="govuk-generic-header__logo">
      <a href="{% fixed_url 'core:home' %}" class="govuk-generic-header__homepage-link">
        {{ service }}
      </a>
    </div>
  </div>
</div>
{% endonce %}{% if user.is_authenticated %}{% once navigation %}
<div class="govuk-service-navigation" data-module="govuk-service-navigation">
  <div class="govuk-width-container">
    <div class="govuk-service-navigation__container">
      <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
        {% if navigation|length > 1 %}
        <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">
          Menu
        </button>
        {% endif %}
        <ul class="govuk-service-navigation__list" id="navigation">
          {% for item in navigation %}
          <li class="govuk-service-navigation__item{% if item.active %} govuk-service-navigation__item--active{% endif %}">
            <a class="govuk-service-navigation__link" href="{{ item.url }}"{% if item.active %} aria-current="{{ item.current }}"{% endif %}>
              {% if item.active %}<strong class="govuk-service-navigation__active-fallback">{{ item.label }}</strong>{% else %}{{ item.label }}{% endif %}
            </a>
          </li>
          {% endfor %}
          <li class="govuk-service-navigation__item app-service-navigation__item--sign-out">
            {% endonce %}{% fixed_url 'core:account' as account_url %}<a class="govuk-service-navigation__link" href="{{ account_url }}"{% if request.path == account_url %} aria-current="page"{% endif %}>Your account</a>{% once %}
          </li>
          <li class="govuk-service-navigation__item">
            <form method="post" action="{% fixed_url 'core:sign-out' %}" class="app-sign-out">
              {% endonce %}{% csrf_token %}{% once %}
              <button type="submit" class="app-link-button">Sign out</button>
            </form>
          </li>
        </ul>
      </nav>
    </div>
  </div>
</div>
{% endonce %}{% endif %}
""",  # noqa: E501
    "includes/phase_banner.html": """{# usage: included once by base.html. The phase banner (govuk-frontend 6.6.0) with SERVICE_PHASE and the feedback link (core:feedback, which returns to this page); absent when there is no phase (for example on the 500 page, rendered without context). #}{% load layout %}
{% if service_phase %}{% once service_phase %}
<div class="govuk-phase-banner govuk-width-container">
  <p class="govuk-phase-banner__content">
    <strong class="govuk-tag govuk-phase-banner__content__tag">
      {{ service_phase }}
    </strong>
    <span class="govuk-phase-banner__text">
      This is a new service. Your <a class="govuk-link" href="{% fixed_url 'core:feedback' %}?page={% endonce %}{{ request.path|urlencode }}{% once %}">feedback</a> will help us to improve it.
    </span>
  </p>
</div>
{% endonce %}{% endif %}
""",  # noqa: E501
    "includes/messages.html": """{# usage: {% include "includes/messages.html" %} (base.html does this once). Django messages as GOV.UK notification banners: success messages in green with role="alert", others neutral. #}
{% for message in messages %}
<div class="govuk-notification-banner{% if message.tags == 'success' %} govuk-notification-banner--success{% endif %}" role="{% if message.tags == 'success' %}alert{% else %}region{% endif %}" aria-labelledby="banner-title-{{ forloop.counter }}" data-module="govuk-notification-banner">
  <div class="govuk-notification-banner__header">
    <h2 class="govuk-notification-banner__title" id="banner-title-{{ forloop.counter }}">{% if message.tags == 'success' %}Success{% else %}Important{% endif %}</h2>
  </div>
  <div class="govuk-notification-banner__content">
    <p class="govuk-notification-banner__heading">{{ message }}</p>
  </div>
</div>
{% endfor %}
""",  # noqa: E501
    "includes/footer.html": """{# usage: included once by base.html inside <footer>. The footer (govuk-frontend 6.6.0) with the service's own pages (core.layout.FOOTER_LINKS; base.html renders it once per process: the privacy notice, accessibility statement, cookies and feedback), without the crown, the Open Government Licence and Crown copyright: a council case-work service is none of those. #}{% load layout %}
{% firstof service_name "AP Commissioning" as service %}
<div class="govuk-footer">
  <div class="govuk-width-container">
    <div class="govuk-footer__meta">
      <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
        <h2 class="govuk-visually-hidden">Support links</h2>
        <ul class="govuk-footer__inline-list">
          {% for name, label in footer_links %}<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{% fixed_url name %}">{{ label }}</a></li>{% endfor %}
        </ul>
        <div class="govuk-footer__meta-custom">
          {{ service }} is run by your local authority's alternative provision team.
        </div>
      </div>
    </div>
  </div>
</div>
""",  # noqa: E501
    "includes/timeout_warning.html": """{# usage: included once by base.html for a signed-in user. The GOV.UK timeout warning pattern: static/js/timeout-warning.js opens this dialog `session_timeout.warning_seconds` before the server's idle timeout, counts down, and lets the user stay signed in or sign out. Without JavaScript nothing shows, and the server still signs the user out (apcommission/core/sessions.py). The dialog is rendered once per process ({% once %}); the CSRF token and the page's address go in on every request. #}
{% load layout %}
{% once session_timeout %}<dialog class="app-timeout-dialog" id="timeout-warning" aria-labelledby="timeout-warning-heading" aria-describedby="timeout-warning-text"
  data-status-url="{% fixed_url 'core:session-status' %}" data-warning-seconds="{{ session_timeout.warning_seconds }}"
  data-signed-out-url="{% fixed_url 'core:signed-out' %}?reason=inactive">
  <h2 class="govuk-heading-m" id="timeout-warning-heading" tabindex="-1">You're about to be signed out</h2>
  <p class="govuk-body" id="timeout-warning-text">For your security, we will sign you out in <strong data-countdown>{{ session_timeout.warning_minutes }} minute{{ session_timeout.warning_minutes|pluralize }}</strong>. Anything you have not saved will be lost.</p>
  <p class="govuk-visually-hidden" aria-live="assertive" data-announce></p>
  <div class="govuk-button-group">
    <form method="post" action="{% fixed_url 'core:session-extend' %}" data-extend>
      {% endonce %}{% csrf_token %}<input type="hidden" name="next" value="{{ request.get_full_path }}">{% once %}
      <button type="submit" class="govuk-button" data-module="govuk-button">Stay signed in</button>
    </form>
    <form method="post" action="{% fixed_url 'core:sign-out' %}">
      {% endonce %}{% csrf_token %}{% once %}<button type="submit" class="app-link-button govuk-body">Sign out</button>
    </form>
  </div>
</dialog>
<script type="module" src="{% fixed_static 'js/timeout-warning.js' %}"></script>{% endonce %}
""",  # noqa: E501
}  # fmt: skip

PAGE = (
    '{% extends "base.html" %}{% block title %}A <page>{% endblock %}{% block head %}<meta name="x">{% endblock %}'
    '{% block before_content %}<a href="/back/" class="govuk-back-link">Back</a>{% endblock %}'
    "{% block content %}<h1>Content</h1>{% endblock %}"
)

OLD = Engine(
    loaders=[("django.template.loaders.locmem.Loader", BEFORE)],
    libraries={"layout": "apcommission.core.templatetags.layout"},
)

HOSTILE = '<b>O\'Neil & "Sons"</b>'
SIGNED_IN = SimpleNamespace(is_authenticated=True)
NAVIGATION = [
    {"label": "Home", "url": "/", "active": False},
    {"label": "Placements", "url": "/placements/", "active": True, "current": "true"},
    {"label": f"Providers {HOSTILE}", "url": "/providers/?a=1&b=2", "active": False},
]


class Message(SimpleNamespace):
    def __str__(self):
        return self.text


MESSAGES = [Message(tags="success", text=f"Saved {HOSTILE}"), Message(tags="info", text="Note")]


def _context(path="/placements/12/?tab=a b", **changes):
    values = {
        **layout.constants(),
        "request": RequestFactory().get(path),
        "user": SIGNED_IN,
        "navigation": NAVIGATION,
        "messages": MESSAGES,
        "csrf_token": "TOKEN123",
        "form": SimpleNamespace(errors={"name": ["Enter a name"]}),
    }
    values.update(changes)
    return values


STATES = {
    "signed in, with messages and form errors": _context(),
    "on the account page, one entry": _context(path="ACCOUNT", navigation=NAVIGATION[:1]),
    "signed in, nothing to say": _context(messages=[], form=SimpleNamespace(errors={})),
    "signed out": _context(user=AnonymousUser(), navigation=[], form=None),
    "no phase": _context(service_phase=""),
    "without a context (the 500 page)": {},
}


@pytest.mark.parametrize("state", STATES)
def test_the_page_layout_is_the_markup_its_templates_wrote(state):
    context = STATES[state]
    if "request" in context and context["request"].path == "/ACCOUNT":
        context["request"] = RequestFactory().get(layout.address("core:account"))
    before = OLD.from_string(PAGE).render(Context(dict(context)))
    now = engines["django"].engine.from_string(PAGE).render(Context(dict(context)))
    assert now == before
