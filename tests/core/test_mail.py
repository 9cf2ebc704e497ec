"""E-mail through GOV.UK Notify when NOTIFY_API_KEY is set: every `send_mail` of the service goes
through the Notify backend unchanged, one notification of the generic template per recipient; a
refused request raises, so the reminder sweep leaves the reminder for the next sweep; password
resets still give away nothing about which accounts exist. Only Notify's API is stood in for
(tests/notify.py): the official client signs and sends its requests as in production."""

import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.core.mail import EmailMessage, get_connection, send_mail
from django.test import Client
from django.urls import reverse
from notifications_python_client.errors import APIError

from apcommission.core.models import Invitation, Role
from placements.models import Reminder
from placements.services.reminders import RETRY_AFTER
from tests.core.test_settings import production, run_django
from tests.notify import API_KEY, TEMPLATE_ID
from tests.page_text import page_text
from tests.placements.test_reminders import at, hopwood, permanent_exclusion, sweep  # noqa: F401 (fixture)

D = dt.date
QUICK_START_BACKEND = "django.core.mail.backends.console.EmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
NOTIFY_BACKEND = "apcommission.core.mail.NotifyEmailBackend"


# -- the backend ---------------------------------------------------------------------------------


def test_each_recipient_gets_one_notification_of_the_subject_and_body(fake_notify):
    sent = send_mail(
        subject="Day 6 provision due tomorrow",
        message="Hello,\n\nArrange provision from day 6.\n",
        from_email=None,
        recipient_list=["olive.officer@wessex.example.gov.uk", "otto@wessex.example.gov.uk"],
    )
    assert sent == 1  # one message, as Django counts
    assert [n["email_address"] for n in fake_notify.emails] == [
        "olive.officer@wessex.example.gov.uk",
        "otto@wessex.example.gov.uk",
    ]
    for notification in fake_notify.emails:
        assert notification["template_id"] == TEMPLATE_ID
        assert notification["personalisation"] == {
            "subject": "Day 6 provision due tomorrow",
            "body": "Hello,\n\nArrange provision from day 6.\n",
        }
    references = [n["reference"] for n in fake_notify.emails]
    assert len(set(references)) == 2 and all(uuid.UUID(r) for r in references)


def test_copies_are_notifications_too_and_messages_are_counted(fake_notify):
    messages = [
        EmailMessage("One", "First", to=["a@example.org"], cc=["b@example.org"], bcc=["c@example.org"]),
        EmailMessage("Two", "Second", to=["d@example.org"]),
        EmailMessage("Nobody", "Not sent", to=[]),
    ]
    assert get_connection().send_messages(messages) == 2
    assert [(n["email_address"], n["personalisation"]["subject"]) for n in fake_notify.emails] == [
        ("a@example.org", "One"),
        ("b@example.org", "One"),
        ("c@example.org", "One"),
        ("d@example.org", "Two"),
    ]


def test_a_refused_request_raises(fake_notify):
    fake_notify.fail_with(500)
    with pytest.raises(APIError) as refused:
        send_mail("Subject", "Body", None, ["olive.officer@wessex.example.gov.uk"])
    assert refused.value.status_code == 500
    assert len(fake_notify.refused) == 1 and fake_notify.emails == []


def test_a_refused_request_is_logged_not_raised_when_failing_silently(fake_notify, caplog):
    fake_notify.fail_with(503)
    assert send_mail("Subject", "Body", None, ["olive.officer@wessex.example.gov.uk"], fail_silently=True) == 0
    assert "GOV.UK Notify did not take an e-mail" in caplog.text
    assert "olive.officer" not in caplog.text  # no addresses in the log


# -- every sender goes through it ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_reminder_refused_by_notify_stays_unsent_and_goes_once_with_the_next_sweep(
    fake_notify,
    la_officer,
    hopwood,  # noqa: F811
):
    permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))  # Day 6 due Wed 16 Sep
    fake_notify.fail_with(500)
    assert sweep(at(D(2026, 9, 16))) == 1
    assert fake_notify.emails == [] and len(fake_notify.refused) == 1
    assert Reminder.objects.get().emailed_at is None

    fake_notify.fail_with(201)  # Notify is back
    sweep(at(D(2026, 9, 16)) + RETRY_AFTER + dt.timedelta(minutes=1))
    sweep(at(D(2026, 9, 16)) + RETRY_AFTER * 3)
    assert [n["email_address"] for n in fake_notify.emails] == [la_officer.email]
    assert (
        fake_notify.emails[0]["personalisation"]["subject"] == "Due today: Day-6 provision after a permanent exclusion"
    )
    assert Reminder.objects.get().emailed_at is not None


def ask_for_reset(client, email):
    return client.post(reverse("core:password-reset"), {"email": email})


@pytest.mark.django_db
def test_a_password_reset_link_goes_through_notify(client, fake_notify, senco_school_a):
    response = ask_for_reset(client, senco_school_a.email)
    assert response.url == reverse("core:password-reset-sent")
    assert mail.outbox == []  # not Django's test outbox: Notify
    (notification,) = fake_notify.emails
    assert notification["email_address"] == senco_school_a.email
    assert notification["personalisation"]["subject"] == "Reset your AP Commissioning password"
    link = re.search(r"https?://\S+(/sign-in/reset/\S+/)", notification["personalisation"]["body"]).group(1)
    assert b"Choose a new password" in client.get(link, follow=True).content


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(client, fake_notify, senco_school_a):
    known = ask_for_reset(client, senco_school_a.email)
    unknown = ask_for_reset(client, "nobody-here@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [n["email_address"] for n in fake_notify.emails] == [senco_school_a.email]


@pytest.mark.django_db
def test_a_reset_while_notify_is_down_answers_as_for_an_unknown_address(client, fake_notify, senco_school_a):
    fake_notify.fail_with(503)
    known = ask_for_reset(client, senco_school_a.email)
    unknown = ask_for_reset(client, "nobody-here@example.org")
    assert (
        (known.status_code, known.url)
        == (unknown.status_code, unknown.url)
        == (302, reverse("core:password-reset-sent"))
    )
    assert len(fake_notify.refused) == 1


def invitation_form(la) -> dict:
    return {
        "full_name": "New Person",
        "email": "new.person@example.org",
        "organisation": la.pk,
        "role": Role.LA_FINANCE,
        "submission_token": "6f1c2b9e-1111-4a4a-9b9b-000000000002",
    }


@pytest.mark.django_db
def test_an_invitation_goes_through_notify(client, fake_notify, administrator, la, django_capture_on_commit_callbacks):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("core:user-invite"), invitation_form(la)).status_code == 302
    (notification,) = fake_notify.emails
    assert notification["email_address"] == "new.person@example.org"
    assert "/invitation/" in notification["personalisation"]["body"]


@pytest.mark.django_db(transaction=True)  # the e-mail goes when the invitation commits, inside the request
def test_an_invitation_notify_refuses_is_saved_and_the_page_says_to_send_it_again(fake_notify, administrator, la):
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    fake_notify.fail_with(503)
    response = client.post(reverse("core:user-invite"), invitation_form(la))
    assert response.status_code == 503
    assert "The email could not be sent" in page_text(response)
    assert "send them a new invitation link from their page" in page_text(response)
    invited = Invitation.objects.get().user
    assert fake_notify.emails == [] and len(fake_notify.refused) == 1

    fake_notify.fail_with(201)
    client.post(reverse("core:invitation-resend", args=[invited.pk]))
    assert [n["email_address"] for n in fake_notify.emails] == [invited.email]


@pytest.mark.django_db(transaction=True)
def test_an_invitation_an_unreachable_smtp_server_could_not_take_is_saved_and_the_page_says_so(
    administrator, la, settings
):
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    response = client.post(reverse("core:user-invite"), invitation_form(la))
    assert response.status_code == 503
    assert "The email could not be sent" in page_text(response)
    assert Invitation.objects.get().user.email == "new.person@example.org"


# -- settings: which backend, from the environment -----------------------------------------------

SHOW_BACKEND = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
NOTIFY = {"NOTIFY_API_KEY": API_KEY, "NOTIFY_TEMPLATE_ID": TEMPLATE_ID}


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({}, QUICK_START_BACKEND),
        ({"EMAIL_HOST": "smtp.marchshire.example.gov.uk"}, SMTP_BACKEND),
        (NOTIFY, NOTIFY_BACKEND),
        ({**NOTIFY, "EMAIL_HOST": "smtp.marchshire.example.gov.uk"}, NOTIFY_BACKEND),
        ({**NOTIFY, "EMAIL_BACKEND": SMTP_BACKEND}, SMTP_BACKEND),
    ],
    ids=[
        "nothing set: console",
        "EMAIL_HOST: SMTP",
        "NOTIFY_API_KEY: Notify",
        "Notify before SMTP",
        "EMAIL_BACKEND wins",
    ],
)
def test_the_environment_chooses_the_backend(tmp_path, environment, backend):
    result = run_django(["-c", SHOW_BACKEND], tmp_path=tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"NOTIFY_API_KEY": API_KEY}, "it needs NOTIFY_TEMPLATE_ID"),
        ({**NOTIFY, "NOTIFY_TEMPLATE_ID": "reset-password"}, "it needs NOTIFY_TEMPLATE_ID"),
        ({**NOTIFY, "NOTIFY_API_KEY": "not-a-key"}, "NOTIFY_API_KEY is not a GOV.UK Notify API key"),
    ],
    ids=["no template", "template not an id", "key not a key"],
)
def test_production_refuses_to_start_with_notify_half_configured(tmp_path, environment, complaint):
    result = run_django(["manage.py", "check"], tmp_path=tmp_path, **production(**environment))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr
    assert API_KEY[-36:] not in result.stderr  # the secret is never printed


def test_production_with_notify_passes_every_deployment_check(tmp_path):
    command = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = run_django(command, tmp_path=tmp_path, **production(**NOTIFY))
    assert result.returncode == 0, result.stderr
