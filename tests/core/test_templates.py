"""The layout and forms render GOV.UK Design System markup that the CSP allows.

One render test per form asserts the error classes, so an upgrade of crispy-forms-gds (pinned with
django-crispy-forms) that breaks them fails here rather than in front of a user."""

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template, loader
from django.test import RequestFactory
from django.urls import reverse

from apcommission.core import views
from apcommission.core.models import Role
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory


class _Page(HTMLParser):
    """Collects what the CSP cares about: scripts, inline styles and inline event handlers."""

    def __init__(self, html):
        super().__init__()
        self.scripts = []  # (attrs, body)
        self.style_attributes = []
        self.style_elements = 0
        self.event_handlers = []
        self.form_tags = 0
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._script = (attrs, "")
        if tag == "style":
            self.style_elements += 1
        if tag == "form":
            self.form_tags += 1
        for name in attrs:
            if name == "style":
                self.style_attributes.append(tag)
            if name.startswith("on"):
                self.event_handlers.append(f"{tag}[{name}]")

    def handle_data(self, data):
        if self._script is not None:
            self._script = (self._script[0], self._script[1] + data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None


def _assert_csp_safe(html):
    page = _Page(html)
    assert page.scripts, "the layout loads its JavaScript from files"
    for attrs, body in page.scripts:
        assert attrs.get("src", "").startswith("/static/"), f"script without a static src: {attrs}"
        assert body.strip() == "", "inline <script> bodies are refused by the CSP"
    assert page.style_attributes == [], "style= attributes are refused by the CSP"
    assert page.style_elements == 0, "<style> elements are refused by the CSP"
    assert page.event_handlers == [], "inline event handlers are refused by the CSP"


def _signed_in(client, role):
    user = UserFactory(full_name="Robin Example")
    MembershipFactory(user=user, organisation=LocalAuthorityFactory(), role=role)
    client.force_login(user)
    return user


@pytest.fixture
def blank_sign_in(client, db):
    response = client.post(reverse("core:sign-in"), {"username": "", "password": ""})
    assert response.status_code == 200
    return response.content.decode()


def test_blank_sign_in_shows_the_error_summary_linking_to_each_field(blank_sign_in):
    html = blank_sign_in
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert '<a href="#id_username">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "<title>Error: Sign in – AP Commissioning</title>" in html


def test_blank_sign_in_marks_each_field_with_a_gov_uk_error_message(blank_sign_in):
    html = blank_sign_in
    for field, message in [("username", "Enter your email address"), ("password", "Enter your password")]:
        group = re.search(rf'<div id="div_id_{field}" class="([^"]*)">(.*?)</div>', blank_sign_in, re.S)
        assert group, f"no form group for {field}"
        assert "govuk-form-group--error" in group.group(1).split()
        assert re.search(
            rf'<span id="id_{field}_1_error" class="govuk-error-message">\s*'
            rf'<span class="govuk-visually-hidden">Error:</span>\s*{message}',
            group.group(2),
        )
        assert f'aria-describedby="id_{field}_1_error"' in group.group(2)
    assert html.count('aria-invalid="true"') == 2


def test_blank_sign_in_gives_each_input_the_red_error_border(blank_sign_in):
    for field in ("username", "password"):
        tag = re.search(rf'<input [^>]*id="id_{field}"[^>]*>', blank_sign_in).group(0)
        assert "govuk-input--error" in re.search(r'class="([^"]*)"', tag).group(1).split()


def test_sign_in_page_has_one_form(blank_sign_in):
    assert _Page(blank_sign_in).form_tags == 1


def test_unknown_address_gives_the_gov_uk_page_not_found(client, db):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en" class="govuk-template">' in html
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "<title>Page not found – AP Commissioning</title>" in html
    assert 'href="/static/css/application.css"' in html
    _assert_csp_safe(html)


def test_role_without_access_gets_the_gov_uk_forbidden_page(client, db):
    _signed_in(client, Role.LA_OFFICER)
    response = client.get(reverse("core:audit-log"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">You do not have access to this page</h1>' in html
    assert 'class="govuk-service-navigation"' in html  # still signed in: navigation and sign-out remain
    _assert_csp_safe(html)


def test_server_error_page_renders_without_a_request_context():
    html = loader.get_template("500.html").render({})
    assert "Sorry, there is a problem with the service" in html
    assert "<title>Sorry, there is a problem with the service – AP Commissioning</title>" in html
    assert "govuk-service-navigation" not in html
    _assert_csp_safe(html)


def test_server_error_handler_answers_500_without_touching_the_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_home_page_layout_is_gov_uk_and_csp_safe(client, db, role):
    _signed_in(client, role)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-skip-link" data-module="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert 'class="govuk-generic-header__homepage-link"' in html
    assert "govuk-phase-banner" in html
    assert 'class="govuk-footer"' in html
    assert 'aria-current="page"' in html
    assert "govuk-header__logotype" not in html and "govuk-footer__crown" not in html  # no crown
    _assert_csp_safe(html)


@pytest.mark.parametrize(
    "url_name, signed_in_as",
    [("core:sign-in", None), ("core:audit-log", Role.ADMINISTRATOR)],
)
def test_core_pages_are_csp_safe(client, db, url_name, signed_in_as):
    if signed_in_as:
        _signed_in(client, signed_in_as)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    _assert_csp_safe(response.content.decode())


def test_layout_assets_are_committed_and_use_no_gds_transport():
    for path in ("css/application.css", "js/application.js", "js/body-class.js", "govuk/govuk-frontend.min.js"):
        assert finders.find(path), f"static/{path} missing: run scripts/build-assets.sh"
    css = Path(finders.find("css/application.css")).read_text(encoding="utf-8-sig")
    assert '--govuk-frontend-version: "6.6.0"' in css
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "font-family:arial,helvetica,sans-serif" in css
    for url in set(re.findall(r"url\(\"?(/static/[^\")]+)", css)):
        assert finders.find(url.removeprefix("/static/")), f"{url} referenced by the CSS is missing"
    assert ".app-link-button" in css


# Project partials: each renders the govuk-frontend 6.6.0 markup from the context it documents.


def _render(template, **context):
    return loader.get_template(f"includes/{template}.html").render(context)


def test_summary_list_partial_keeps_the_actions_column_for_rows_without_one():
    html = _render(
        "summary_list",
        actions=True,
        rows=[
            {"key": "Provider", "value": "Hillside <Learning>", "action": {"href": "/p/1/", "hidden": "provider"}},
            {"key": "Start date", "value": "1 September 2026"},
        ],
    )
    assert '<dl class="govuk-summary-list">' in html
    assert "Hillside &lt;Learning&gt;" in html
    assert '<a class="govuk-link" href="/p/1/">Change<span class="govuk-visually-hidden"> provider</span></a>' in html
    assert html.count("govuk-summary-list__row--no-actions") == 1


def test_small_partials_render_gov_uk_components():
    assert '<strong class="govuk-tag govuk-tag--green">' in _render("tag", text="Approved", colour="green")
    assert '<a href="/back/" class="govuk-back-link">Back</a>' in _render("back_link", href="/back/")
    crumbs = _render("breadcrumbs", items=[{"text": "Home", "href": "/"}, {"text": "Providers"}])
    assert '<a class="govuk-breadcrumbs__link" href="/">Home</a>' in crumbs
    assert '<li class="govuk-breadcrumbs__list-item" aria-current="page">Providers</li>' in crumbs
    assert 'class="govuk-inset-text"' in _render("inset", text="Panel meets monthly")
    warning = _render("warning", text="Placement starts before the decision")
    assert '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>' in warning
    assert '<span class="govuk-visually-hidden">Warning</span>' in warning
    caption = _render("table_caption", text="Placements", size="m")
    assert caption.strip() == '<caption class="govuk-table__caption govuk-table__caption--m">Placements</caption>'


@pytest.mark.parametrize(
    ("amount", "pence", "pounds"),
    [
        (Decimal("24000"), "£24,000.00", "£24,000"),
        (Decimal("1234.565"), "£1,234.57", "£1,235"),
        (Decimal("0.5"), "£0.50", "£1"),
        (Decimal("-1250"), "−£1,250.00", "−£1,250"),
        (None, "", ""),
        ("not money", "", ""),
    ],
)
def test_money_reads_as_pounds_with_separators_rounded_half_up(amount, pence, pounds):
    rendered = Template("{{ amount|money }}|{{ amount|money_whole }}").render(Context({"amount": amount}))
    assert rendered == f"{pence}|{pounds}"


def test_the_header_marks_exactly_one_current_item(rf, la_officer):
    from apcommission.core.navigation import navigation_for
    from apcommission.core.scoping import scope_for

    for path, current in (("/providers/qa/reviews/", "QA reviews"), ("/providers/12/", "Providers"), ("/", "Home")):
        request = rf.get(path)
        request.user = la_officer
        entries = navigation_for(request, scope_for(la_officer))
        assert [entry["label"] for entry in entries if entry["active"]] == [current]


def test_labels_inside_sentences_keep_their_acronyms():
    from apcommission.core.templatetags.words import in_sentence

    assert in_sentence("Social, emotional and mental health (SEMH)") == "social, emotional and mental health (SEMH)"
    assert in_sentence("Anxiety and emotionally based school avoidance (EBSA)").endswith("(EBSA)")
    assert in_sentence("EHCP review") == "EHCP review"
    assert in_sentence("") == ""
