import datetime as dt
import uuid

import pytest
from django.urls import reverse

from apcommission.core.forms import date_input_data
from apcommission.core.models import AuditEvent
from placements.models import Placement, PlacementStatus, RequestUpdate
from placements.services import panel_decide
from tests.placements.factories import TODAY, PlacementFactory


@pytest.fixture
def placement(school_a, la_officer):
    """An LA-commissioned request the panel has asked more about."""
    placement = PlacementFactory(
        pupil__home_school=school_a,
        pupil__legal_first_name="Ava",
        requesting_school=school_a,
        requires_panel=True,
        status=PlacementStatus.REQUESTED,
    )
    return panel_decide(
        user=la_officer,
        placement=placement,
        decision="more_information",
        reasons="Which needs should the provision meet?",
        decision_date=TODAY,
    )


def _url(placement):
    return reverse("placements:placement-more-information", args=[placement.pk])


def _answer(text="Social, emotional and mental health needs; she is anxious in large groups", token=None):
    return {"text": text, "submission_token": str(token or uuid.uuid4())}


def test_the_senco_answers_the_panel_and_the_request_is_back_in_its_queue(
    client, senco_school_a, la_officer, placement
):
    client.force_login(senco_school_a)
    page = client.get(reverse("placements:placement-detail", args=[placement.pk])).content.decode()
    assert "The panel needs more information" in page and "Which needs should the provision meet?" in page
    assert _url(placement) in page
    response = client.post(_url(placement), _answer())
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.REQUESTED
    update = RequestUpdate.objects.get()
    assert (update.by, update.panel_decision.reasons) == (senco_school_a, "Which needs should the provision meet?")
    assert AuditEvent.objects.filter(action="create", object_id=str(update.pk), is_child_record=True).exists()
    assert placement.status_changes.last().note == "More information sent to the panel"

    client.force_login(la_officer)
    queue = client.get(reverse("placements:panel-queue")).content.decode()
    assert reverse("placements:panel-decision", args=[placement.pk]) in queue
    decision_page = client.get(reverse("placements:panel-decision", args=[placement.pk])).content.decode()
    assert "anxious in large groups" in decision_page and "The school's answer" in decision_page
    response = client.post(
        reverse("placements:panel-decision", args=[placement.pk]),
        {"decision": "approve", "reasons": "Needs are clear now", **date_input_data("decision_date", TODAY)},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.APPROVED


def test_an_officer_answers_on_the_schools_behalf(client, la_officer, placement):
    client.force_login(la_officer)
    assert client.post(_url(placement), _answer()).status_code == 302
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.REQUESTED


def test_another_school_cannot_answer(client, senco_school_b, placement):
    client.force_login(senco_school_b)
    assert client.get(_url(placement)).status_code == 404
    assert client.post(_url(placement), _answer()).status_code == 404
    assert not RequestUpdate.objects.exists()
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.MORE_INFORMATION


@pytest.mark.parametrize("role", ["la_finance", "forum_member"])
def test_finance_and_forum_cannot_answer(client, request, role, placement):
    client.force_login(request.getfixturevalue(role))
    assert client.post(_url(placement), _answer()).status_code == 404
    assert not RequestUpdate.objects.exists()


def test_an_answer_to_a_request_not_waiting_for_information_is_refused(client, senco_school_a, placement, la_officer):
    panel_decide(user=la_officer, placement=placement, decision="approve", reasons="Fine", decision_date=TODAY)
    client.force_login(senco_school_a)
    assert "The panel is not waiting for more information" in client.get(_url(placement)).content.decode()
    response = client.post(_url(placement), _answer())
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "The panel has not asked for more information about this request: it is approved" in body
    assert not RequestUpdate.objects.exists()
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.APPROVED


def test_a_blank_answer_shows_a_govuk_error_and_changes_nothing(client, senco_school_a, placement):
    client.force_login(senco_school_a)
    body = client.post(_url(placement), _answer(text="   ")).content.decode()
    assert "Enter the information for the panel" in body and "govuk-error-summary" in body
    assert not RequestUpdate.objects.exists()
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.MORE_INFORMATION


def test_a_double_submitted_answer_is_stored_once(client, senco_school_a, placement):
    client.force_login(senco_school_a)
    token = uuid.uuid4()
    first = client.post(_url(placement), _answer(token=token))
    second = client.post(_url(placement), _answer(token=token))
    assert first.status_code == second.status_code == 302
    assert RequestUpdate.objects.count() == 1
    assert placement.status_changes.filter(to_status=PlacementStatus.REQUESTED).count() == 1


def test_a_provider_never_sees_the_schools_answer(client, senco_school_a, la_officer, placement):
    from tests.factories import MembershipFactory, UserFactory

    client.force_login(senco_school_a)
    client.post(_url(placement), _answer(text="Confidential family circumstances"))
    panel_decide(user=la_officer, placement=placement, decision="approve", reasons="Agreed", decision_date=TODAY)
    provider_user = UserFactory()
    MembershipFactory(user=provider_user, organisation=placement.provider.organisation, role="provider_user")
    client.force_login(provider_user)
    page = client.get(reverse("placements:placement-detail", args=[placement.pk]))
    assert page.status_code == 200 and "Confidential family circumstances" not in page.content.decode()
    client.force_login(senco_school_a)
    page = client.get(reverse("placements:placement-detail", args=[placement.pk])).content.decode()
    assert "Confidential family circumstances" in page


def test_the_panel_decision_page_uses_a_constant_number_of_queries(
    client, la_officer, senco_school_a, placement, django_assert_max_num_queries
):
    client.force_login(la_officer)
    url = reverse("placements:panel-decision", args=[placement.pk])
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for _ in range(3):
        client.force_login(senco_school_a)
        client.post(_url(placement), _answer())
        panel_decide(
            user=la_officer,
            placement=placement,
            decision="more_information",
            reasons="And?",
            decision_date=dt.date.today(),
        )
    client.force_login(la_officer)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
