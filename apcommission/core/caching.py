"""Pages for a signed-in user hold pupil-level or organisation-private data: no browser or proxy
may keep a copy (issue 7: a shared computer's back button or disk cache must not show a pupil)."""

from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

#: What `add_never_cache_headers` writes on a response without caching headers of its own.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


class PrivatePagesMiddleware:
    """Every response to a signed-in user is sent with `Cache-Control: no-store` (and private,
    no-cache, max-age=0). Public pages (sign-in, health) keep their own headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            headers = response.headers
            if "Cache-Control" in headers or "Expires" in headers:
                add_never_cache_headers(response)  # merged with the response's own
            else:  # what add_never_cache_headers writes, without parsing headers that are not there
                headers["Expires"] = http_date()
                headers["Cache-Control"] = NEVER_CACHE
        return response
