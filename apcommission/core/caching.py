"""Pages for a signed-in user hold pupil-level or organisation-private data: no browser or proxy
may keep a copy (issue 7: a shared computer's back button or disk cache must not show a pupil)."""

from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """Every response to a signed-in user is sent with `Cache-Control: no-store` (and private,
    no-cache, max-age=0). Public pages (sign-in, health) keep their own headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
