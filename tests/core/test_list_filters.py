"""`{% list_filter_form %}` renders a list's unfilled filter form once per process and reuses it."""

import pytest
from django.urls import reverse

from apcommission.core.templatetags import list_filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The forms crispy-forms renders, on an empty cache."""
    monkeypatch.setattr(list_filters, "_RENDERED", {})
    rendered = []
    real = list_filters.render_crispy_form

    def counting(form, *args, **kwargs):
        rendered.append(type(form).__name__)
        return real(form, *args, **kwargs)

    monkeypatch.setattr(list_filters, "render_crispy_form", counting)
    return rendered


def test_the_unfilled_filter_form_of_a_django_filter_list_is_rendered_once(client, senco_school_a, renders):
    # django-filter makes a new form class for every request: the cache must still hit.
    client.force_login(senco_school_a)
    pages = [client.get(reverse("providers:approved-list")).content.decode() for _ in range(3)]
    assert renders == ["ApprovedListFilterForm"] and len(list_filters._RENDERED) == 1
    assert all('name="key_stage"' in page and "Apply filters" in page for page in pages)


def test_a_filled_in_filter_form_is_rendered_every_time(client, senco_school_a, renders):
    client.force_login(senco_school_a)
    for _ in range(2):
        page = client.get(reverse("providers:approved-list") + "?q=Orchard").content.decode()
        assert 'value="Orchard"' in page
    assert len(renders) == 2 and not list_filters._RENDERED


def test_a_form_filtered_by_fixed_choices_is_rendered_once_for_each_choice(client, la_officer, renders):
    client.force_login(la_officer)
    url = reverse("placements:placement-list")
    pages = [client.get(url, {"status": status}).content.decode() for status in ("active", "active", "ended")]
    assert renders == ["PlacementFilterForm", "PlacementFilterForm"]
    assert '<option value="active" selected>' in pages[1] and '<option value="ended" selected>' in pages[2]
    assert '<option value="active" selected>' not in pages[2]


def test_a_filter_with_typed_text_or_an_error_is_rendered_every_time(client, la_officer, renders):
    client.force_login(la_officer)
    url = reverse("placements:placement-list")
    for params in ({"status": "active", "q": "Smith"}, {"status": "not-a-status"}, {"status": "not-a-status"}):
        client.get(url, params)
    assert len(renders) == 3 and not list_filters._RENDERED
