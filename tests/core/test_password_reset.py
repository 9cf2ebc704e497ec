"""Password reset by e-mail through Django's e-mail path (EMAIL_BACKEND: GOV.UK Notify when
configured): the same answer whether or not an account exists, links that work once and expire,
and a changed password that signs the account out everywhere. Plus changing a password when signed
in, and the 12-character minimum."""

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from apcommission.core.models import AuditAction, AuditEvent
from tests.factories import UserFactory

NEW_PASSWORD = "a-brand-new-long-passphrase"


def ask_for_reset(client, email):
    return client.post(reverse("core:password-reset"), {"email": email})


def link_in(message) -> str:
    return re.search(r"https?://\S+(/sign-in/reset/\S+/)", message.body).group(1)


def test_a_reset_link_is_emailed_and_sets_a_new_password(client, senco_school_a):
    response = ask_for_reset(client, senco_school_a.email.upper())
    assert response.url == reverse("core:password-reset-sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [senco_school_a.email]
    assert mail.outbox[0].subject == "Reset your AP Commissioning password"
    page = client.get(link_in(mail.outbox[0]), follow=True)
    assert b"Choose a new password" in page.content
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("core:password-reset-complete")
    senco_school_a.refresh_from_db()
    assert senco_school_a.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET, user=senco_school_a).exists()


def test_no_account_enumeration(client, senco_school_a):
    known = ask_for_reset(client, senco_school_a.email)
    unknown = ask_for_reset(client, "nobody-here@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1
    sent_page = client.get(known.url).content
    assert b"If there is an account with that email address" in sent_page


def test_a_reset_link_works_once(client, senco_school_a):
    ask_for_reset(client, senco_school_a.email)
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert b"This link does not work" in again.content


def test_a_reset_link_expires(client, senco_school_a, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    ask_for_reset(client, senco_school_a.email)
    link = link_in(mail.outbox[0])
    later = default_token_generator._now() + dt.timedelta(seconds=3601)
    monkeypatch.setattr(type(default_token_generator), "_now", lambda self: later)
    assert b"This link does not work" in client.get(link, follow=True).content


@pytest.mark.parametrize(("minutes", "works"), [(59, True), (61, False)])
def test_a_reset_link_works_for_an_hour_by_default(client, senco_school_a, monkeypatch, minutes, works):
    ask_for_reset(client, senco_school_a.email)
    assert "The link works once, for 60 minutes." in mail.outbox[0].body
    link = link_in(mail.outbox[0])
    later = default_token_generator._now() + dt.timedelta(minutes=minutes)
    monkeypatch.setattr(type(default_token_generator), "_now", lambda self: later)
    page = client.get(link, follow=True)
    assert (b"Choose a new password" in page.content) is works
    assert (b"This link does not work" in page.content) is not works


def test_a_reset_signs_the_account_out_everywhere(client, senco_school_a):
    elsewhere = type(client)()
    elsewhere.force_login(senco_school_a)
    assert elsewhere.get(reverse("core:account")).status_code == 200
    ask_for_reset(client, senco_school_a.email)
    page = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert elsewhere.get(reverse("core:account")).status_code == 302


def test_switched_off_accounts_get_no_reset_email(client, senco_school_a):
    senco_school_a.is_active = False
    senco_school_a.save()
    ask_for_reset(client, senco_school_a.email)
    assert mail.outbox == []


def test_demo_accounts_get_no_reset_email_outside_the_quick_start(client, db, settings):
    settings.DEMO_LOGINS_ENABLED = False
    UserFactory(email="officer@demo.apcommission.test")
    ask_for_reset(client, "officer@demo.apcommission.test")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-one", b"at least 12 characters"),
        ("password1234", b"too common"),
        ("839201748392017", b"entirely numeric"),
    ],
)
def test_passwords_follow_the_validators(client, senco_school_a, password, message):
    ask_for_reset(client, senco_school_a.email)
    page = client.get(link_in(mail.outbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert response.status_code == 200 and message in response.content
    assert b"govuk-error-summary" in response.content and b"govuk-input--error" in response.content


@pytest.mark.parametrize(("password", "accepted"), [("quiet-hills", False), ("quiet-hills7", True)])
def test_twelve_characters_is_the_shortest_password(client, senco_school_a, password, accepted):
    ask_for_reset(client, senco_school_a.email)
    page = client.get(link_in(mail.outbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert (response.status_code == 302) is accepted
    assert (b"at least 12 characters" in response.content) is not accepted
    senco_school_a.refresh_from_db()
    assert senco_school_a.check_password(password) is accepted


def test_a_signed_in_password_change_follows_the_validators(client, senco_school_a):
    client.force_login(senco_school_a)
    response = client.post(
        reverse("core:change-password"),
        {"old_password": "correct-horse-battery", "new_password1": "quiet-hills", "new_password2": "quiet-hills"},
    )
    assert response.status_code == 200 and b"at least 12 characters" in response.content
    senco_school_a.refresh_from_db()
    assert senco_school_a.check_password("correct-horse-battery")


def test_a_signed_in_password_change_keeps_this_session_and_ends_the_others(client, senco_school_a):
    elsewhere = type(client)()
    elsewhere.force_login(senco_school_a)
    client.force_login(senco_school_a)
    response = client.post(
        reverse("core:change-password"),
        {"old_password": "correct-horse-battery", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("core:account")
    assert client.get(reverse("core:account")).status_code == 200
    assert elsewhere.get(reverse("core:account")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


def test_a_wrong_current_password_changes_nothing(client, senco_school_a):
    client.force_login(senco_school_a)
    response = client.post(
        reverse("core:change-password"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert b"Your current password is not right" in response.content
    senco_school_a.refresh_from_db()
    assert senco_school_a.check_password("correct-horse-battery")
