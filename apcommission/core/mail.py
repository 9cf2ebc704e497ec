"""E-mail through GOV.UK Notify, as a Django e-mail backend (docs/adr/0009).

Every message the service sends (deadline reminders, missing-pupil alerts, password resets,
invitations, new roles) is a plain `send_mail`, so setting NOTIFY_API_KEY sends them all through
Notify without changing them. Notify sends from templates it holds: one generic template whose
subject is ((subject)) and whose message is ((body)) carries every e-mail, so the words stay in our
own templates, reviewed and tested with the code.

What Notify does not have: a "from" address (the sender's name and reply-to address are set in
Notify), HTML alternatives, attachments and headers. Each recipient (To, Cc and Bcc alike) gets
their own notification of the plain-text body.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

#: Seconds to wait for Notify when EMAIL_TIMEOUT is not set (a reset request waits on it).
DEFAULT_TIMEOUT = 10


class NotifyEmailBackend(BaseEmailBackend):
    """Sends each recipient of each message one notification of the generic template.

    A failed request (Notify refused it, or could not be reached) raises `APIError` unless
    `fail_silently`, so a caller that keeps its own record of what was sent (the reminder and
    alert sweeps) leaves it unsent and tries again."""

    def __init__(
        self,
        fail_silently: bool = False,
        *,
        api_key: str | None = None,
        template_id: str | None = None,
        timeout: float | None = None,
        **kwargs,
    ) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = api_key or settings.NOTIFY_API_KEY
        self.template_id = template_id or settings.NOTIFY_TEMPLATE_ID
        self.timeout = timeout or settings.EMAIL_TIMEOUT or DEFAULT_TIMEOUT
        self.client: NotificationsAPIClient | None = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        self.client = NotificationsAPIClient(self.api_key, timeout=self.timeout)
        return True

    def close(self) -> None:
        if self.client is not None:
            self.client.request_session.close()
            self.client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        opened = self.open()
        try:
            return sum(self._send(message) for message in email_messages)
        finally:
            if opened:
                self.close()

    def _send(self, message: EmailMessage) -> bool:
        if not message.recipients():
            return False
        try:
            for address in message.recipients():
                self._notify(address=address, subject=message.subject, body=message.body)
        except APIError:
            if not self.fail_silently:
                raise
            logger.exception("GOV.UK Notify did not take an e-mail; not sent")
            return False
        return True

    def _notify(self, *, address: str, subject: str, body: str) -> None:
        # The reference ties a notification in Notify's records to our log line, so neither the
        # log nor the reference needs the address or the words (which may name a pupil).
        reference = uuid.uuid4().hex
        response = self.client.send_email_notification(
            email_address=address,
            template_id=self.template_id,
            personalisation={"subject": subject, "body": body},
            reference=reference,
        )
        logger.info("GOV.UK Notify took e-mail %s as notification %s", reference, response.get("id"))
