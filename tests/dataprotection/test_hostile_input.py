"""The data protection forms against hostile input: empty, blank, enormous or marked-up reasons,
broken submission tokens, and ids that are not numbers or are another LA's. A GOV.UK error next to
the field, or 404 for what is not yours; never a 500, and nothing saved."""

import pytest
from django.urls import NoReverseMatch, reverse

from apcommission.dataprotection.models import LegalHold, SubjectAccessExport
from tests.placements.factories import PupilFactory

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def pupil(la, school_a):
    return PupilFactory(home_school=school_a)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_hold_without_a_usable_reason_is_refused_next_to_the_field(client, la_officer, pupil, reason):
    client.force_login(la_officer)
    response = client.post(reverse("dataprotection:hold-new", args=[pupil.pk]), {"reason": reason})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "govuk-error-message" in page
    assert not LegalHold.objects.exists()


def test_markup_in_a_reason_is_kept_as_text_and_never_runs(client, la_officer, pupil):
    client.force_login(la_officer)
    client.post(reverse("dataprotection:hold-new", args=[pupil.pk]), {"reason": SCRIPT, "submission_token": "x"})
    assert LegalHold.objects.get().reason == SCRIPT
    page = client.get(reverse("dataprotection:retention")).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("token", ["not-a-uuid", "'; DROP TABLE x;--", "0" * 500, SCRIPT])
def test_a_broken_submission_token_still_makes_one_export(client, la_officer, pupil, token):
    client.force_login(la_officer)
    response = client.post(reverse("dataprotection:export-new", args=[pupil.pk]), {"submission_token": token})
    assert response.status_code == 302
    assert SubjectAccessExport.objects.filter(pupil=pupil).count() == 1


@pytest.mark.parametrize("pk", ["0", "99999999", "-1", "1e3", "abc"])
def test_ids_that_do_not_exist_are_404(client, la_officer, pk):
    client.force_login(la_officer)
    for name in ("export-new", "export-detail", "export-download", "hold-new", "hold-release"):
        try:
            url = reverse(f"dataprotection:{name}", args=[pk])
        except NoReverseMatch:
            url = f"/data-protection/exports/{pk}/"
        assert client.get(url).status_code == 404, (name, pk)
        assert client.post(url).status_code == 404, (name, pk)
