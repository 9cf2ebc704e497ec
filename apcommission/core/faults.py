"""Pages for faults a person can do nothing about but should understand, instead of a 500:
no room to store a file (507), and the task queue unreachable for a change that could not be
saved without it (503). The change itself was not saved (the transaction rolled back), and the
page says so. GOV.UK Notify refusing an e-mail, or the SMTP server refusing or not answering
(503), comes after the change was saved: e-mail in a request (invitations, new roles) is sent when
the transaction commits."""

from __future__ import annotations

import logging
import smtplib

from django.shortcuts import render
from kombu.exceptions import OperationalError as BrokerUnavailable
from notifications_python_client.errors import APIError

from .storage import FULL

log = logging.getLogger(__name__)

#: What the e-mail backends raise when the e-mail was not taken: Notify's refusal, an SMTP
#: refusal, or an SMTP server that cannot be reached (refused or timed out connection).
EmailNotSent = (APIError, smtplib.SMTPException, ConnectionError, TimeoutError)


class FaultPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OSError) and exception.errno in FULL:
            log.error("No room to store a file at %s", request.path)
            return render(request, "faults/storage_full.html", status=507)
        if isinstance(exception, BrokerUnavailable):
            log.error("The task queue was unreachable at %s: %s", request.path, exception)
            return render(request, "faults/queue_unavailable.html", status=503)
        if isinstance(exception, EmailNotSent):
            log.error("The mail service did not take an e-mail at %s: %s", request.path, exception)
            return render(request, "faults/email_unavailable.html", status=503)
        return None
