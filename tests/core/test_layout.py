"""The layout's parts that are the same on every page are rendered once per process
(`{% once %}`, core/templatetags/layout.py): what differs between users and pages (the header's
entries, the current page, the CSRF token, the page's address) still differs."""

import re

from django.template import Context, Template, loader
from django.urls import reverse


def _navigation(body: str) -> str:
    return body.split('id="navigation"')[1].split("</ul>")[0]


LINK_LABEL = re.compile(r'class="govuk-service-navigation__link" href="[^"]*"[^>]*>\s*(?:<strong[^>]*>)?([^<]+?)\s*<')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _labels(body: str) -> list[str]:
    return LINK_LABEL.findall(body)


def test_a_rendering_is_kept_for_each_combination_of_the_values_named():
    template = Template("{% load layout %}{% once colour %}{{ colour }} {{ n }}{% endonce %}")
    assert template.render(Context({"colour": "red", "n": 1})) == "red 1"
    assert template.render(Context({"colour": "red", "n": 2})) == "red 1"  # n is not named: kept
    assert template.render(Context({"colour": "blue", "n": 3})) == "blue 3"


def test_a_changed_setting_renders_again(settings):
    template = Template("{% load layout %}{% once %}{{ n }}{% endonce %}")
    assert template.render(Context({"n": 1})) == "1"
    settings.SERVICE_PHASE = "Alpha"
    assert template.render(Context({"n": 2})) == "2"


def test_each_role_sees_its_own_header_entries_page_after_page(client, la_officer, senco_school_a):
    client.force_login(la_officer)
    officer = _labels(_navigation(client.get(reverse("core:home")).content.decode()))
    client.force_login(senco_school_a)
    school = _labels(_navigation(client.get(reverse("core:home")).content.decode()))
    client.force_login(la_officer)
    again = _labels(_navigation(client.get(reverse("core:home")).content.decode()))
    assert officer == again != school
    assert "Panel" in officer and "Panel" not in school and "Approved providers" in school


def test_the_current_entry_follows_the_page(client, la_officer):
    client.force_login(la_officer)
    home = _navigation(client.get(reverse("core:home")).content.decode())
    pupils = _navigation(client.get(reverse("placements:pupil-list")).content.decode())
    account = _navigation(client.get(reverse("core:account")).content.decode())
    assert re.search(r'href="/"\s+aria-current="page"', home)
    assert re.search(r'href="/placements/pupils/"\s+aria-current="page"', pupils)
    assert 'aria-current="page">Your account' in account and 'aria-current="page">Your account' not in home


def test_the_feedback_link_and_the_timeout_warning_carry_each_page_its_own_address(client, la_officer):
    client.force_login(la_officer)
    for url in (reverse("core:home"), reverse("placements:pupil-list") + "?q=Smith"):
        body = client.get(url).content.decode()
        path = url.split("?")[0]
        assert f'href="{reverse("core:feedback")}?page={path}"' in body
        assert f'<input type="hidden" name="next" value="{url}">' in body


def test_the_forms_of_each_response_carry_its_own_csrf_token(client, la_officer):
    client.force_login(la_officer)
    tokens = [set(CSRF_TOKEN.findall(client.get(reverse("core:home")).content.decode())) for _ in range(2)]
    assert len(tokens[0]) == len(tokens[1]) == 1  # the header's and the timeout warning's forms
    assert tokens[0] != tokens[1]  # masked afresh for each response, as {% csrf_token %} does


def test_the_server_error_page_keeps_its_footer_without_links(client, db):
    """Without a request context the footer has no links, as before, whatever was kept for pages."""
    assert "govuk-footer__link" in client.get(reverse("core:cookies")).content.decode()
    html = loader.get_template("500.html").render({})
    assert 'class="govuk-footer"' in html and "govuk-footer__link" not in html
