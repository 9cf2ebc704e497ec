"""The console log: a refused request is one line.

Django logs a 403 (PermissionDenied) and, with DEBUG on, a 404 (Http404) from `django.request`
with the exception's traceback, although nothing went wrong: the service said no, as it should.
`RefusalsOnOneLine` drops the traceback of any request logged with a status below 500, so the
console shows `WARNING django.request Forbidden (Permission denied): /providers/7/`. Server
errors (500 and above) keep theirs."""

from __future__ import annotations

import logging


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
