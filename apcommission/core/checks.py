"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security, deploy=True)
def email_is_sent(app_configs, **kwargs) -> list[Warning]:
    """The console backend (the quick start's) in production would send nobody anything and print
    password reset and invitation links, which sign a person in, into the log."""
    if settings.EMAIL_BACKEND != CONSOLE_EMAIL_BACKEND:
        return []
    return [
        Warning(
            "E-mail is printed to the log, not sent: nobody gets reminders, and reset and invitation links "
            "would be in the log.",
            hint="Set NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID (GOV.UK Notify), or EMAIL_HOST (SMTP).",
            id="apcommission.W001",
        )
    ]
