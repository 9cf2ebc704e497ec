"""The service's own pages: feedback from the phase banner (kept for the LA's administrators only),
the accessibility statement and the cookies page, linked from the footer."""

import uuid

import pytest
from django.urls import reverse

from apcommission.core.models import Role, ServiceFeedback
from apcommission.core.services import feedback_send
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory


def _send(client, **data):
    values = {"submission_token": str(uuid.uuid4()), "satisfaction": "satisfied", "improve": "", "page": ""} | data
    return client.post(reverse("core:feedback"), values)


def test_the_phase_banner_links_to_feedback_that_returns_to_the_page(client, senco_school_a):
    client.force_login(senco_school_a)
    body = client.get(reverse("placements:pupil-list")).content.decode()
    assert f"{reverse('core:feedback')}?page=/placements/pupils/" in body
    response = _send(client, page="/placements/pupils/", improve="Let me filter by year group")
    assert response.status_code == 302 and response.url == "/placements/pupils/"
    stored = ServiceFeedback.objects.get()
    assert (stored.user, stored.local_authority, stored.page) == (
        senco_school_a,
        senco_school_a.memberships.get().organisation.local_authority,
        "/placements/pupils/",
    )
    landed = client.get(response.url).content.decode()
    assert "Thank you for your feedback" in landed


def test_feedback_never_sends_the_user_off_the_service(client, senco_school_a):
    client.force_login(senco_school_a)
    for page in ("https://evil.test/", "//evil.test/", "javascript:alert(1)"):
        response = _send(client, page=page)
        assert response.url == reverse("core:home")


def test_feedback_sent_twice_is_kept_once(client, senco_school_a):
    client.force_login(senco_school_a)
    token = str(uuid.uuid4())
    _send(client, submission_token=token)
    _send(client, submission_token=token)
    assert ServiceFeedback.objects.count() == 1


def test_feedback_errors_are_gov_uk_messages(client, db):
    page = client.post(reverse("core:feedback"), {"submission_token": str(uuid.uuid4())}).content.decode()
    assert "Select how you feel about the service" in page
    page = _send(client, improve="x" * 1201).content.decode()
    assert "How we could improve this service must be 1,200 characters or fewer" in page
    assert not ServiceFeedback.objects.exists()


def test_signed_out_feedback_is_kept_for_no_local_authority(client, db):
    response = _send(client)
    assert response.url == reverse("core:sign-in")
    assert ServiceFeedback.objects.get().local_authority is None


def test_only_the_las_own_administrators_read_its_feedback(client, la, administrator, la_officer):
    feedback_send(user=la_officer, satisfaction="dissatisfied", improve="Wombat remark")
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, organisation=LocalAuthorityFactory(), role=Role.ADMINISTRATOR)
    client.force_login(administrator)
    assert "Wombat remark" in client.get(reverse("core:feedback-list")).content.decode()
    home = client.get(reverse("core:home")).content.decode()
    assert "Feedback on the service" in home and "1 received" in home
    client.force_login(other_admin)
    assert "Wombat remark" not in client.get(reverse("core:feedback-list")).content.decode()
    client.force_login(la_officer)
    assert client.get(reverse("core:feedback-list")).status_code == 403


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_footer_links_the_accessibility_statement_cookies_and_feedback(client, la_officer, signed_in):
    if signed_in:
        client.force_login(la_officer)
    body = client.get(reverse("core:cookies")).content.decode()
    footer = body.split('class="govuk-footer"')[1]
    for name in ("core:accessibility", "core:cookies", "core:feedback"):
        assert f'href="{reverse(name)}"' in footer
    assert "sessionid" in body and "csrftoken" in body
    statement = client.get(reverse("core:accessibility")).content.decode()
    assert "Enforcement procedure" in statement and "partially compliant" in statement


@pytest.mark.parametrize("received", [2, 30])
def test_the_feedback_list_runs_a_constant_number_of_queries(
    client, la, administrator, la_officer, received, django_assert_max_num_queries
):
    for n in range(received):
        feedback_send(user=la_officer, satisfaction="satisfied", improve=f"Remark {n}")
    client.force_login(administrator)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:feedback-list"))
    assert len(response.context["page"]) == received


def test_odd_hidden_values_never_stop_the_feedback_being_sent(client, db):
    response = _send(client, page="/" + "x" * 300, submission_token="")
    assert response.status_code == 302
    assert ServiceFeedback.objects.get().page == ""
    assert _send(client, submission_token="not-a-token").status_code == 302
    assert ServiceFeedback.objects.count() == 2
