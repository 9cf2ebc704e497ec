"""`{% can "app:url-name" [record] as name %}`: the view's own rule (core.permissions.can), asked
before a link or button is shown. Built in to every template (settings TEMPLATES builtins)."""

from django import template

from ..permissions import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, url_name, obj=None):
    """True when the signed-in user may open `url_name` (and act on `obj`, when given)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _can(user, url_name, obj)
