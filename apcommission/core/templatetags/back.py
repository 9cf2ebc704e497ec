"""`{% back_url default %}`: where the page's one Back link goes — the page the user came from, when
that was another page of this service they may open and not a form (a form they just sent would
only be sent again); otherwise `default`, the record or list the page belongs to.

GOV.UK's back link returns the user to the previous page; the Referer header says which page that
was, checked here so that the link never leads off the service or to a page that would refuse them.
Built in to every template (settings TEMPLATES builtins)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.urls import Resolver404, resolve

from ..permissions import can

register = template.Library()

#: The last word of a URL name that makes the page a form (add, edit, decide…): never a Back target.
FORM_WORDS = frozenset(
    {
        "add", "edit", "new", "set", "create", "request", "place", "accept", "start", "end", "withdraw",
        "decide", "decision", "moderate", "information", "invite", "change", "remove", "calculate", "notify",
        "recover", "waive", "publish", "copy", "choose", "refresh", "upload", "check", "import", "agree",
        "admitting", "deactivate", "reactivate", "reset", "unlock", "resend", "password", "authenticator",
    }
)  # fmt: skip


def came_from(request) -> str:
    """The path (and query) of the page the user came from, or "" when it is not a Back target."""
    referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
    parts = urlsplit(referer)
    if not referer or parts.netloc != request.get_host() or parts.path == request.path:
        return ""
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    name = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    if not name or name.rsplit("-", 1)[-1] in FORM_WORDS or name.endswith(("csv", "pdf")):
        return ""
    try:
        if not can(request.user, name):
            return ""
    except LookupError:
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


@register.simple_tag(takes_context=True)
def back_url(context, default=""):
    return came_from(context.get("request")) or default or "/"
