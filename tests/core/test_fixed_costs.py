"""What every request pays, done once where it can be, with the same result: the user's row read
with the query the ORM writes, the Content-Security-Policy header django-csp builds, the headers
`add_never_cache_headers` writes and one Redis client kept per server."""

from csp.decorators import csp_update
from csp.utils import build_policy
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.cache import add_never_cache_headers

from apcommission.core.backends import EmailBackend, user_row
from apcommission.core.caching import PrivatePagesMiddleware
from apcommission.core.content_security import ContentSecurityPolicyMiddleware
from apcommission.core.models import User
from apcommission.core.redis_cache import RedisCache
from apcommission.core.scoping import scope_for
from tests.factories import UserFactory


def _fields(user):
    return {name: value for name, value in vars(user).items() if not name.startswith("_")}


def test_the_user_row_is_the_one_the_orm_reads_with_the_same_query(db):
    user = UserFactory()
    with CaptureQueriesContext(connection) as orm:
        expected = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as kept:
        found = user_row(user.pk)
    assert _fields(found) == _fields(expected)
    assert (found._state.adding, found._state.db) == (False, expected._state.db)
    assert [q["sql"] for q in kept.captured_queries] == [q["sql"] for q in orm.captured_queries]
    assert user_row(user.pk + 1000) is None


def test_the_backend_refuses_what_django_refuses_and_reads_each_request_afresh(db):
    user = UserFactory()
    backend = EmailBackend()
    assert backend.get_user(user.pk).pk == user.pk
    assert backend.get_user(user.pk + 1000) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None
    assert ModelBackend().get_user(user.pk) is None  # as Django's own backend answers
    User.objects.filter(pk=user.pk).update(is_active=True, scope_version=7)
    again = backend.get_user(user.pk)
    assert again.scope_version == 7
    assert scope_for(again).user_id == user.pk


def _response(request, response):
    return ContentSecurityPolicyMiddleware(lambda r: response)(request)


def test_the_content_security_policy_is_django_csps_header():
    response = _response(RequestFactory().get("/"), HttpResponse())
    assert response["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_page_that_changes_its_policy_or_uses_a_nonce_still_gets_its_own():
    @csp_update({"img-src": ["https://example.org"]})
    def view(request):
        return HttpResponse()

    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(view)
    response = middleware(request)
    assert "https://example.org" in response["Content-Security-Policy"]

    def nonce_view(request):
        return HttpResponse(str(request.csp_nonce))

    request = RequestFactory().get("/")
    response = ContentSecurityPolicyMiddleware(nonce_view)(request)
    assert response["Content-Security-Policy"] == build_policy(nonce=response.content.decode())


def test_an_exempt_response_or_one_with_its_own_header_is_left_alone():
    exempt = HttpResponse()
    exempt._csp_exempt = True
    assert "Content-Security-Policy" not in _response(RequestFactory().get("/"), exempt)
    own = HttpResponse()
    own["Content-Security-Policy"] = "default-src 'none'"
    assert _response(RequestFactory().get("/"), own)["Content-Security-Policy"] == "default-src 'none'"


def _private(response, user):
    request = RequestFactory().get("/")
    request.user = user
    return PrivatePagesMiddleware(lambda r: response)(request)


def test_signed_in_pages_get_the_headers_django_writes(db):
    user = UserFactory()
    expected = HttpResponse()
    add_never_cache_headers(expected)
    response = _private(HttpResponse(), user)
    assert response["Cache-Control"] == expected["Cache-Control"]
    assert response.has_header("Expires")
    own = HttpResponse()
    own["Cache-Control"] = "public, max-age=60"
    merged = HttpResponse()
    merged["Cache-Control"] = "public, max-age=60"
    add_never_cache_headers(merged)
    assert _private(own, user)["Cache-Control"] == merged["Cache-Control"]


def test_one_redis_client_is_kept_per_server():
    cache = RedisCache("redis://127.0.0.1:6379/0", {})  # no connection is made until a command
    client = cache._cache.get_client("key")
    assert cache._cache.get_client("other", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)
