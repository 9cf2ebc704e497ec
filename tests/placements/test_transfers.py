"""A school adding a pupil whose UPN the service holds for a child it cannot see is not told so:
the pupil waits for an officer of its LA, who moves the record (same child) or adds the pupil
with the correct UPN."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apcommission.core.forms import date_input_data
from placements.models import Pupil, PupilTransfer, TransferStatus
from placements.services import pupil_transfer_merge
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory, _valid_upn


@pytest.fixture
def elsewhere(school_b):
    return PupilFactory(home_school=school_b, legal_first_name="Hidden", legal_last_name="Elsewhere")


def new_pupil(school, upn, **overrides):
    return {
        "upn": upn,
        "legal_first_name": "Jordan",
        "legal_last_name": "Mover",
        **date_input_data("date_of_birth", dt.date(2013, 3, 1)),
        "sex": "M",
        "sen_status": "none",
        "home_school": school.pk,
        **overrides,
    }


def test_a_school_is_not_told_that_a_upn_is_held_for_a_child_it_cannot_see(client, senco_school_a, school_a, elsewhere):
    client.force_login(senco_school_a)
    response = client.post(reverse("placements:pupil-create"), new_pupil(school_a, elsewhere.upn), follow=True)
    body = response.content.decode()
    assert "Jordan Mover has been added. The local authority will confirm this pupil&#x27;s record" in body
    assert "Hidden" not in body and "already exists" not in body
    assert "Waiting for the local authority" in body
    transfer = PupilTransfer.objects.get()
    assert transfer.status == TransferStatus.PENDING and transfer.existing == elsewhere
    assert Pupil.objects.count() == 1


def test_a_double_submit_keeps_one_pupil_waiting(client, senco_school_a, school_a, elsewhere):
    client.force_login(senco_school_a)
    for _ in range(2):
        client.post(reverse("placements:pupil-create"), new_pupil(school_a, elsewhere.upn))
    assert PupilTransfer.objects.count() == 1


def test_a_upn_on_the_schools_own_roll_is_still_refused_with_a_link(client, senco_school_a, school_a):
    own = PupilFactory(home_school=school_a)
    client.force_login(senco_school_a)
    body = client.post(reverse("placements:pupil-create"), new_pupil(school_a, own.upn)).content.decode()
    assert "A pupil with this UPN already exists" in body
    assert not PupilTransfer.objects.exists()


@pytest.fixture
def transfer(client, senco_school_a, school_a, elsewhere):
    client.force_login(senco_school_a)
    client.post(reverse("placements:pupil-create"), new_pupil(school_a, elsewhere.upn))
    client.logout()
    return PupilTransfer.objects.get()


def test_an_officer_moves_the_same_childs_record_to_the_school(client, la_officer, transfer, elsewhere, school_a):
    client.force_login(la_officer)
    listing = client.get(reverse("placements:pupil-list")).content.decode()
    assert reverse("placements:transfer-list") in listing and "1 pupil added by schools" in listing
    assert "Jordan Mover" in client.get(reverse("placements:transfer-list")).content.decode()
    url = reverse("placements:transfer-resolve", args=[transfer.pk])
    page = client.get(url).content.decode()
    assert "Hidden Elsewhere" in page and "Brambleton Primary" in page
    response = client.post(url, {"resolution": "merge"})
    assert response["Location"] == reverse("placements:pupil-detail", args=[elsewhere.pk])
    elsewhere.refresh_from_db()
    transfer.refresh_from_db()
    assert elsewhere.home_school == school_a
    assert transfer.status == TransferStatus.MERGED and transfer.pupil == elsewhere


def test_an_officer_adds_a_different_child_with_the_correct_upn(client, la_officer, transfer, elsewhere):
    client.force_login(la_officer)
    url = reverse("placements:transfer-resolve", args=[transfer.pk])
    blank = client.post(url, {"resolution": "correct", "upn": ""})
    assert '<a href="#id_upn">Enter the correct UPN</a>' in blank.content.decode()
    taken = client.post(url, {"resolution": "correct", "upn": elsewhere.upn})
    assert "A pupil with this UPN already exists" in taken.content.decode()
    correct = _valid_upn(777)
    response = client.post(url, {"resolution": "correct", "upn": correct})
    pupil = Pupil.objects.get(upn=correct)
    assert response["Location"] == reverse("placements:pupil-detail", args=[pupil.pk])
    assert (pupil.full_name, pupil.home_school) == ("Jordan Mover", transfer.home_school)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CORRECTED and transfer.pupil == pupil
    elsewhere.refresh_from_db()
    assert elsewhere.home_school.organisation.name == "Brambleton Primary"
    # Confirmed once: the page is gone.
    assert client.get(url).status_code == 404


def test_the_same_child_cannot_be_moved_from_another_las_record(client, senco_school_a, school_a, la_officer):
    other_la = LocalAuthorityFactory(name="Mercia Council", la_code="802")
    theirs = PupilFactory(home_school=SchoolFactory(organisation__local_authority=other_la), legal_first_name="Faraway")
    client.force_login(senco_school_a)
    client.post(reverse("placements:pupil-create"), new_pupil(school_a, theirs.upn))
    transfer = PupilTransfer.objects.get()
    client.force_login(la_officer)
    page = client.get(reverse("placements:transfer-resolve", args=[transfer.pk])).content.decode()
    assert "Faraway" not in page and "held by another local authority" in page and 'value="merge"' not in page
    with pytest.raises(ValidationError):
        pupil_transfer_merge(user=la_officer, transfer=transfer)


def test_only_the_schools_las_officers_confirm_a_record(client, senco_school_a, transfer):
    other_officer = UserFactory()
    MembershipFactory(user=other_officer, organisation=LocalAuthorityFactory(la_code="803"), role="la_officer")
    url = reverse("placements:transfer-resolve", args=[transfer.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(senco_school_a)
    assert client.get(url).status_code == 404


def test_a_schools_pupil_list_names_its_pupils_waiting_for_the_la_only_when_it_has_some(
    client, senco_school_a, school_a, elsewhere
):
    PupilFactory(home_school=school_a, legal_first_name="Already", legal_last_name="Onroll")
    client.force_login(senco_school_a)
    body = client.get(reverse("placements:pupil-list")).content.decode()
    assert "Already Onroll" in body and "Waiting for the local authority" not in body
    client.post(reverse("placements:pupil-create"), new_pupil(school_a, elsewhere.upn))
    body = client.get(reverse("placements:pupil-list")).content.decode()
    assert "Already Onroll" in body and "Waiting for the local authority" in body and "Jordan Mover" in body
