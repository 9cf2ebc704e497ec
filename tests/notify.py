"""A stand-in for GOV.UK Notify's API at the edge of the network: the official client builds, signs
and sends its requests as in production, and this answers them instead of Notify.

    def test_something(fake_notify):            # settings point EMAIL_BACKEND at Notify
        ...
        assert fake_notify.emails[0]["personalisation"]["subject"] == "..."
        fake_notify.fail_with(500)              # every request from now on is refused
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import jwt
import pytest
import requests
from requests.adapters import HTTPAdapter

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"apcommission_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
EMAIL_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"


@dataclass
class FakeNotify:
    emails: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    status: int = 201

    def fail_with(self, status: int) -> None:
        self.status = status

    def answer(self, request: requests.PreparedRequest) -> requests.Response:
        assert request.method == "POST" and request.url == EMAIL_URL, request.url
        self._check_signed(request.headers["Authorization"])
        notification = json.loads(request.body)
        if self.status >= 400:
            self.refused.append(notification)
            return _response(request, self.status, {"errors": [{"error": "Error", "message": "Notify is down"}]})
        self.emails.append(notification)
        return _response(request, self.status, {"id": str(uuid.uuid4()), "reference": notification.get("reference")})

    @staticmethod
    def _check_signed(authorization: str) -> None:
        # As Notify does: a JSON Web Token issued by the service, signed with the key's secret.
        claims = jwt.decode(authorization.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
        assert claims["iss"] == SERVICE_ID


def _response(request, status: int, payload: dict) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(payload).encode()
    response.headers["Content-Type"] = "application/json"
    response.url = request.url
    response.request = request
    return response


@pytest.fixture
def fake_notify(settings, monkeypatch) -> FakeNotify:
    """E-mail goes through the Notify backend, and Notify's API is this fake."""
    notify = FakeNotify()
    settings.EMAIL_BACKEND = "apcommission.core.mail.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    monkeypatch.setattr(HTTPAdapter, "send", lambda adapter, request, **kwargs: notify.answer(request))
    return notify
