"""The Content-Security-Policy header (django-csp), built once per process for the policy in the
settings rather than for every response.

django-csp's middleware builds the header again for each response (and the report-only header,
which this service does not set), although it differs only for a response that changes the policy
(csp_update, csp_replace, csp_exempt ...) or a request that used a nonce. Those go through
django-csp unchanged; every other response is given the header django-csp built for the same
settings, under the same conditions (DEBUG's error pages, exempt responses, excluded prefixes).
"""

from __future__ import annotations

import http.client as http_client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

#: Response attributes through which a view changes its policy (csp.decorators); "_csp_exempt"
#: and "_csp_exempt_ro" are honoured on the quick path too.
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_DEBUG_EXEMPT = (http_client.INTERNAL_SERVER_ERROR, http_client.NOT_FOUND)

#: (header, excluded prefixes, report-only header, its excluded prefixes) for the settings now.
_BUILT: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = []


def _built() -> tuple[str, tuple[str, ...], str, tuple[str, ...]]:
    if not _BUILT:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        policy_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
        _BUILT.append(
            (
                build_policy(),
                tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ()),
                build_policy(report_only=True),
                tuple(policy_ro.get("EXCLUDE_URL_PREFIXES", None) or ()),
            )
        )
    return _BUILT[0]


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _BUILT.clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        csp, prefixes, csp_ro, prefixes_ro = _built()
        path = request.path_info
        if (
            csp
            and HEADER not in response
            and getattr(response, "_csp_exempt", False) is False
            and not path.startswith(prefixes)
        ):
            response[HEADER] = csp
        if (
            csp_ro
            and HEADER_REPORT_ONLY not in response
            and getattr(response, "_csp_exempt_ro", False) is False
            and not path.startswith(prefixes_ro)
        ):
            response[HEADER_REPORT_ONLY] = csp_ro
        # As django-csp: a nonce asked for after the header is written is an error, not a page
        # whose scripts the header does not allow.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
