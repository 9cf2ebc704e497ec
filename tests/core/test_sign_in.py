"""Signing in: two-factor sign-in for LA staff (codes generated here as an authenticator app would),
setting up an authenticator with a QR code, single-use recovery codes, throttling and lockout of
wrong passwords and wrong codes per account and per address, and the Django admin's sign-in."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apcommission.core.models import AuditAction, AuditEvent
from apcommission.core.services.sign_in import PENDING_KEY
from tests.core.two_factor import code_for, give_authenticator

PASSWORD = "correct-horse-battery"


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post(reverse("core:sign-in"), {"username": user.email, "password": password}, **extra)


def signed_in_as(client):
    response = client.get(reverse("core:account"))
    return response.context["user"] if response.status_code == 200 else None


# -- two factors -----------------------------------------------------------------------------


def test_an_officer_with_an_authenticator_needs_the_code_after_the_password(client, la_officer):
    device = give_authenticator(la_officer)
    response = sign_in(client, la_officer)
    assert response.url == reverse("core:sign-in-code")
    assert signed_in_as(client) is None, "the password alone must not sign in"
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN).exists()
    response = client.post(reverse("core:sign-in-code"), {"code": code_for(device)})
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert signed_in_as(client) == la_officer
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, user=la_officer).exists()


def test_a_wrong_code_does_not_sign_in_and_is_recorded(client, la_officer):
    give_authenticator(la_officer)
    sign_in(client, la_officer)
    response = client.post(reverse("core:sign-in-code"), {"code": "000000"})
    assert response.status_code == 200
    assert b"The code is not right" in response.content and b"govuk-error-summary" in response.content
    assert signed_in_as(client) is None
    failed = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "wrong two-factor code" in failed.object_repr


def test_a_code_works_only_once(client, la_officer):
    device = give_authenticator(la_officer)
    sign_in(client, la_officer)
    code = code_for(device)
    client.post(reverse("core:sign-in-code"), {"code": code})
    client.post(reverse("core:sign-out"))
    sign_in(client, la_officer)
    response = client.post(reverse("core:sign-in-code"), {"code": code})
    assert response.status_code == 200 and signed_in_as(client) is None


def test_the_code_step_needs_the_password_step_first(client, la_officer):
    give_authenticator(la_officer)
    response = client.post(reverse("core:sign-in-code"), {"code": "123456"})
    assert response.url == reverse("core:sign-in")


def test_the_wait_for_a_code_runs_out(client, la_officer, monkeypatch):
    device = give_authenticator(la_officer)
    sign_in(client, la_officer)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "since": session[PENDING_KEY]["since"] - 11 * 60}
    session.save()
    response = client.post(reverse("core:sign-in-code"), {"code": code_for(device)})
    assert response.url == reverse("core:sign-in") and signed_in_as(client) is None


def test_an_officer_without_an_authenticator_must_set_one_up(client, la_officer):
    response = sign_in(client, la_officer)
    assert response.url == reverse("core:sign-in-set-up")
    page = client.get(response.url)
    body = page.content.decode()
    assert "<svg" in body and "data:image" not in body, "the QR code is inline SVG (CSP allows no data: images)"
    assert re.search(r"[A-Z2-7]{4} [A-Z2-7]{4}", body), "the key is shown for typing in"
    assert signed_in_as(client) is None
    device = TOTPDevice.objects.get(user=la_officer, confirmed=False)
    response = client.post(reverse("core:sign-in-set-up"), {"code": code_for(device)})
    assert response.url == reverse("core:recovery-codes")
    codes_page = client.get(response.url).content.decode()
    codes = re.findall(r'<code class="app-code">([a-z2-7]{8})</code>', codes_page)
    assert len(codes) == 10
    assert signed_in_as(client) == la_officer
    assert client.get(reverse("core:recovery-codes")).context.get("codes") is None, "codes are shown once"
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_SET_UP, user=la_officer).exists()


def test_a_wrong_first_code_does_not_set_up_the_authenticator(client, la_officer):
    sign_in(client, la_officer)
    client.get(reverse("core:sign-in-set-up"))
    response = client.post(reverse("core:sign-in-set-up"), {"code": "000000"})
    assert b"The code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=la_officer, confirmed=True).exists()
    assert signed_in_as(client) is None


def test_a_senco_signs_in_with_a_password_alone(client, senco_school_a):
    assert sign_in(client, senco_school_a).url == reverse("core:home")
    assert signed_in_as(client) == senco_school_a


def test_a_senco_who_chose_an_authenticator_is_asked_for_the_code(client, senco_school_a):
    give_authenticator(senco_school_a)
    assert sign_in(client, senco_school_a).url == reverse("core:sign-in-code")


def test_which_roles_need_two_factor_is_a_setting(client, senco_school_a, la_finance, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["school_user"]
    assert sign_in(client, senco_school_a).url == reverse("core:sign-in-set-up")
    client.logout()
    assert sign_in(client, la_finance).url == reverse("core:home")


def test_recovery_codes_work_once_each(client, la_officer):
    device = give_authenticator(la_officer)
    client.force_login(la_officer)
    client.post(reverse("core:recovery-codes"))
    codes = client.get(reverse("core:recovery-codes")).context["codes"]
    client.post(reverse("core:sign-out"))
    sign_in(client, la_officer)
    response = client.post(reverse("core:sign-in-code"), {"code": codes[0].upper()[:4] + "-" + codes[0][4:]})
    assert response.url == reverse("core:home")
    client.post(reverse("core:sign-out"))
    sign_in(client, la_officer)
    response = client.post(reverse("core:sign-in-code"), {"code": codes[0]})
    assert response.status_code == 200 and signed_in_as(client) is None
    assert StaticToken.objects.filter(device__user=la_officer).count() == 9
    assert device.pk


def test_new_recovery_codes_replace_the_old(client, la_officer):
    give_authenticator(la_officer)
    client.force_login(la_officer)
    client.post(reverse("core:recovery-codes"))
    old = client.get(reverse("core:recovery-codes")).context["codes"]
    client.post(reverse("core:recovery-codes"))
    new = client.get(reverse("core:recovery-codes")).context["codes"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new) and not set(old) & set(new)


def test_a_session_that_skipped_a_required_second_factor_is_ended(client, la_officer):
    """Defence in depth: any session of an officer not verified by a second factor ends at once."""
    client.force_login(la_officer)
    session = client.session
    del session["otp_device_id"]
    session.save()
    response = client.get(reverse("core:home"))
    assert response.url == reverse("core:sign-in")
    assert signed_in_as(client) is None


def test_wrong_codes_are_slowed_by_the_device(client, la_officer):
    """django-otp doubles the wait after each wrong code; a right code during the wait is refused too."""
    device = give_authenticator(la_officer)
    sign_in(client, la_officer)
    client.post(reverse("core:sign-in-code"), {"code": "000000"})
    response = client.post(reverse("core:sign-in-code"), {"code": code_for(device)})
    assert b"Wait a minute" in response.content and signed_in_as(client) is None


# -- throttling and lockout (django-axes) ----------------------------------------------------


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_wrong_passwords_lock_the_account_then_even_the_right_one_is_refused(client, senco_school_a, limit):
    for _ in range(limit - 1):
        assert sign_in(client, senco_school_a, "wrong").status_code == 200
    response = sign_in(client, senco_school_a, "wrong")
    assert response.status_code == 429
    assert b"You cannot sign in at the moment" in response.content and b"reset your password" in response.content
    response = sign_in(client, senco_school_a)
    assert response.status_code == 429 and signed_in_as(client) is None
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).count() == 1


def test_the_lockout_counts_the_account_whatever_its_case(client, senco_school_a, limit):
    for _ in range(limit):
        sign_in_as = {"username": senco_school_a.email.upper(), "password": "wrong"}
        client.post(reverse("core:sign-in"), sign_in_as)
    assert sign_in(client, senco_school_a).status_code == 429


def test_an_address_is_locked_after_failures_on_many_accounts(client, senco_school_a, limit):
    for n in range(limit):
        client.post(reverse("core:sign-in"), {"username": f"guess{n}@example.org", "password": "wrong"})
    assert sign_in(client, senco_school_a).status_code == 429
    other_address = sign_in(client, senco_school_a, REMOTE_ADDR="198.51.100.7")
    assert other_address.status_code == 302


def test_wrong_codes_count_towards_the_lockout(client, la_officer, limit, monkeypatch):
    monkeypatch.setattr("django_otp.plugins.otp_totp.models.TOTPDevice.get_throttle_factor", lambda self: 0)
    device = give_authenticator(la_officer)
    sign_in(client, la_officer)
    for _ in range(limit - 1):
        assert client.post(reverse("core:sign-in-code"), {"code": "000000"}).status_code == 200
    response = client.post(reverse("core:sign-in-code"), {"code": "000000"})
    assert response.status_code == 429
    response = client.post(reverse("core:sign-in-code"), {"code": code_for(device)})
    assert response.status_code == 429 and signed_in_as(client) is None, "a right code is refused while locked"


def test_an_administrator_unlocks_an_account_and_it_is_audited(client, senco_school_a, administrator, limit):
    for _ in range(limit):
        sign_in(client, senco_school_a, "wrong")
    admin = type(client)()
    admin.force_login(administrator)
    detail = admin.get(reverse("core:user-detail", args=[senco_school_a.pk]))
    assert b"Locked out" in detail.content and b"Unlock account" in detail.content
    response = admin.post(reverse("core:user-unlock", args=[senco_school_a.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=senco_school_a.email).exists()
    assert AuditEvent.objects.filter(action=AuditAction.UNLOCKED, user=administrator).exists()
    assert sign_in(client, senco_school_a, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_lockouts_are_in_the_administrators_audit_log(client, senco_school_a, administrator, limit):
    for _ in range(limit):
        sign_in(client, senco_school_a, "wrong")
    client.force_login(administrator)
    page = client.get(reverse("core:audit-log"), {"action": AuditAction.LOCKED_OUT}).context["page"]
    assert page.paginator.count == 1 and senco_school_a.email in page.object_list[0].object_repr


# -- the Django admin ------------------------------------------------------------------------


def test_the_django_admin_signs_in_through_the_service(client, la_officer):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("core:sign-in"))
    assert "next=/django-admin/" in response.url
    response = client.post("/django-admin/login/", {"username": la_officer.email, "password": PASSWORD})
    assert signed_in_as(client) is None


def test_admin_staff_need_a_second_factor(client, db):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    assert sign_in(client, staff).url == reverse("core:sign-in-set-up")
