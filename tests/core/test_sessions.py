"""Sessions: the idle timeout and the absolute limit (enforced by the server whatever the browser
does), the timeout warning's status and "stay signed in", signing out everywhere, switching an
account off ending its sessions at once, and demo accounts refused outside the quick start."""

import time

from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from apcommission.core.models import AuditAction, AuditEvent
from apcommission.core.services import user_deactivate
from apcommission.core.sessions import LAST_ACTIVITY, SIGNED_IN_AT
from tests.factories import MembershipFactory, UserFactory


def shift(client, key, seconds_ago):
    session = client.session
    session[key] = time.time() - seconds_ago
    session.save()


def test_an_idle_session_ends_after_the_timeout(client, la_officer, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(la_officer)
    shift(client, LAST_ACTIVITY, 29 * 60)
    assert client.get(reverse("core:home")).status_code == 200
    shift(client, LAST_ACTIVITY, 30 * 60 + 1)
    response = client.get(reverse("core:home"))
    assert response.url == reverse("core:signed-out") + "?reason=inactive"
    page = client.get(response.url)
    assert b"you had not done anything for 30 minutes" in page.content
    assert client.get(reverse("core:account")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.TIMED_OUT, user=la_officer).count() == 1


def test_activity_keeps_the_session_alive(client, la_officer):
    client.force_login(la_officer)
    shift(client, LAST_ACTIVITY, 25 * 60)
    client.get(reverse("core:home"))
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_asking_how_long_is_left_is_not_activity(client, la_officer, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(la_officer)
    shift(client, LAST_ACTIVITY, 28 * 60)
    status = client.get(reverse("core:session-status")).json()
    assert status["signed_in"] and 110 <= status["seconds_left"] <= 120
    assert time.time() - client.session[LAST_ACTIVITY] >= 28 * 60


def test_stay_signed_in_resets_the_clock(client, la_officer):
    client.force_login(la_officer)
    shift(client, LAST_ACTIVITY, 29 * 60)
    response = client.post(reverse("core:session-extend"), HTTP_ACCEPT="application/json")
    assert response.json()["seconds_left"] > 29 * 60


def test_stay_signed_in_goes_back_only_to_a_page_of_this_site(client, la_officer):
    client.force_login(la_officer)
    extend = reverse("core:session-extend")
    assert client.post(extend, {"next": "/providers/"}).url == "/providers/"
    for elsewhere in ("²", "core:users", "https://evil.example/", "//evil.example/", "/a\x00b", ""):
        assert client.post(extend, {"next": elsewhere}).url == reverse("core:home"), elsewhere


def test_the_status_of_an_ended_session_says_so(client, la_officer):
    client.force_login(la_officer)
    shift(client, LAST_ACTIVITY, 31 * 60)
    assert client.get(reverse("core:session-status")).json() == {"signed_in": False, "seconds_left": 0}


def test_a_session_ends_at_the_absolute_limit_however_active(client, la_officer, settings):
    settings.SESSION_ABSOLUTE_LIMIT_HOURS = 10
    client.force_login(la_officer)
    shift(client, SIGNED_IN_AT, 10 * 3600 + 1)
    response = client.get(reverse("core:home"))
    assert response.url == reverse("core:signed-out") + "?reason=limit"


def test_signed_in_pages_carry_the_timeout_warning(client, la_officer):
    client.force_login(la_officer)
    body = client.get(reverse("core:home")).content.decode()
    assert 'id="timeout-warning"' in body and "js/timeout-warning.js" in body
    assert "<script>" not in body, "no inline script: the CSP forbids it"


def test_sign_out_everywhere_ends_every_session(client, senco_school_a):
    phone = type(client)()
    phone.force_login(senco_school_a)
    client.force_login(senco_school_a)
    response = client.post(reverse("core:sign-out-everywhere"))
    assert response.url == reverse("core:sign-in")
    assert phone.get(reverse("core:account")).status_code == 302
    assert client.get(reverse("core:account")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.SIGNED_OUT_EVERYWHERE).exists()


def test_switching_an_account_off_ends_its_sessions_at_once(client, senco_school_a, administrator):
    client.force_login(senco_school_a)
    assert client.get(reverse("core:home")).status_code == 200
    user_deactivate(by=administrator, user=senco_school_a)
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.DEACTIVATED, user=administrator).exists()


def test_a_changed_role_ends_the_persons_sessions(client, senco_school_a, administrator):
    from apcommission.core.services import membership_remove

    client.force_login(senco_school_a)
    membership_remove(by=administrator, membership=senco_school_a.memberships.get())
    assert client.get(reverse("core:home")).status_code == 302


# -- demo accounts --------------------------------------------------------------------------------


def test_demo_accounts_cannot_sign_in_outside_the_quick_start(client, db, settings):
    demo = UserFactory(email="senco@demo.apcommission.test")
    settings.DEMO_LOGINS_ENABLED = False
    request = RequestFactory().post("/sign-in/")
    assert authenticate(request, username=demo.email, password="correct-horse-battery") is None
    response = client.post(reverse("core:sign-in"), {"username": demo.email, "password": "correct-horse-battery"})
    assert response.status_code == 200 and b"Enter a correct email address and password" in response.content


def test_a_demo_accounts_session_ends_when_demo_sign_ins_are_off(client, db, settings):
    demo = UserFactory(email="forum@demo.apcommission.test")
    client.force_login(demo)
    settings.DEMO_LOGINS_ENABLED = False
    assert client.get(reverse("core:home")).status_code == 302


def test_demo_accounts_sign_in_in_the_quick_start(client, db, la, settings):
    settings.DEMO_LOGINS_ENABLED = True
    demo = UserFactory(email="officer@demo.apcommission.test")
    MembershipFactory(user=demo, organisation=la, role="la_officer")
    response = client.post(reverse("core:sign-in"), {"username": demo.email, "password": "correct-horse-battery"})
    assert response.url == reverse("core:home"), "quick-start demo accounts skip two-factor sign-in"
