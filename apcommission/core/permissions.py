"""Who may open a page, as one rule that the view enforces and the templates ask.

A view declares its rule with a decorator (`role_required(*roles)`; `pupil_page_roles(*roles)` on a
pupil's pages, which answers 404 rather than 403; or `rule_required(test)` for a test that is not a
list of roles); the decorator puts the `Rule` on the view. A template asks the
same rule through the URL name before it shows a link or a button:

    {% can "placements:pupil-create" as may_add %}
    {% can "placements:placement-accept" placement as may_accept %}

so a link is shown exactly to the users its view lets in, and nobody meets "forbidden" by following
the interface (tests/test_crawl.py). Some pages are open to a role but not for every record (an
officer opens placements, but accepting one is the provider's step): the app registers an object
rule for the URL name (`register_object_rule`), the view calls `require(user, name, obj)` once it
has the record, and the template passes the record to `{% can %}`.

Records themselves are scoped by querysets (scoping.py); these rules only gate pages and actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver

from .scoping import scope_for


@dataclass(frozen=True)
class Rule:
    """Signed in, holding one of `roles` (when given) and passing `test(user)` (when given)."""

    roles: tuple[str, ...] = ()
    test: Callable | None = None

    def allows(self, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        if self.roles and not scope_for(user).has_role(*self.roles):
            return False
        return self.test is None or bool(self.test(user))


#: URL name -> check(user, obj) -> bool, for pages whose rule also depends on the record.
OBJECT_RULES: dict[str, Callable] = {}


def register_object_rule(url_name: str, check: Callable) -> None:
    """`check(user, obj)`: may `user` do this page's action to `obj` (past the view's role rule)?"""
    OBJECT_RULES[url_name] = check


def _guard(rule: Rule, *, denied: type[Exception] = PermissionDenied):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule.allows(request.user):
                raise denied("You do not have access to this page")
            return view(request, *args, **kwargs)

        wrapped.rule = rule
        wrapped.allowed_roles = rule.roles
        return wrapped

    return decorator


def role_required(*roles: str):
    """Signed in, and holding one of `roles` in an active membership; otherwise 403."""
    return _guard(Rule(roles=tuple(roles)))


def pupil_page_roles(*roles: str):
    """For a page of one pupil (or one of their placements, reviews, marks...): signed in and
    holding one of `roles`, otherwise 404, the same answer as for an id that does not exist or is
    not the user's (scoping.access_or_404), so that no one learns which pupil ids exist."""
    return _guard(Rule(roles=tuple(roles)), denied=Http404)


def rule_required(test: Callable, *, roles: tuple[str, ...] = (), denied: type[Exception] = PermissionDenied):
    """Signed in and `test(user)` (and one of `roles`, when given); otherwise `denied` (403)."""
    return _guard(Rule(roles=tuple(roles), test=test), denied=denied)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry.callback


@lru_cache(maxsize=1)
def _views_by_name() -> dict:
    found: dict = {}
    for name, callback in _walk(get_resolver().url_patterns):
        found.setdefault(name, callback)
    return found


def rule_for(url_name: str) -> Rule | None:
    """The rule of the view at `url_name` (None: open to everyone who may reach it at all)."""
    view = _views_by_name().get(url_name)
    if view is None:
        raise LookupError(f"No page is named {url_name!r}")
    view_class = getattr(view, "view_class", None)
    return getattr(view, "rule", None) or getattr(view_class, "rule", None)


def can(user, url_name: str, obj=None) -> bool:
    """May `user` open the page `url_name` (and, given `obj`, act on that record)?"""
    rule = rule_for(url_name)
    if rule is not None and not rule.allows(user):
        return False
    check = OBJECT_RULES.get(url_name)
    if obj is not None and check is not None:
        return bool(check(user, obj))
    return True


def require(
    user, url_name: str, obj, message: str = "You cannot do this", *, denied: type[Exception] = PermissionDenied
) -> None:
    """The view's own call to the object rule that `{% can url_name obj %}` asks: `denied` (403;
    404 on pupils' pages, as pupil_page_roles answers) when refused."""
    check = OBJECT_RULES.get(url_name)
    if check is not None and not check(user, obj):
        raise denied(message)
