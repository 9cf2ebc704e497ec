"""`{% list_filter_form form %}`: a list page's filter form, rendered by crispy-forms once per
process while nobody has filtered, then reused.

Rendering a GOV.UK form through crispy-forms takes about a quarter of a list page's time, and the
unfiltered form is the same for everyone: its choices are fixed and an unbound GET form carries
no CSRF token, no value and no error. A form someone has filled in (or one with choices of its
own) is rendered every time, as `{% crispy form %}` would.
"""

from __future__ import annotations

from crispy_forms.utils import render_crispy_form
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_RENDERED: dict[tuple, str] = {}


def _kind(form) -> tuple:
    """What makes two unfilled forms render the same. Not the class itself: django-filter builds a
    new form class for every FilterSet it makes (every request), so the class would never match
    again and each request would add one to the cache."""
    kind = type(form)
    return (kind.__module__, kind.__qualname__, kind.__bases__, tuple(form.fields))


def _cacheable(form) -> bool:
    helper = getattr(form, "helper", None)
    return not form.is_bound and getattr(helper, "form_method", "post").lower() == "get"


@register.simple_tag(takes_context=True)
def list_filter_form(context, form) -> str:
    if not _cacheable(form):
        return render_crispy_form(form, context=context.flatten())
    kind = _kind(form)
    html = _RENDERED.get(kind)
    if html is None:
        html = _RENDERED[kind] = render_crispy_form(form, context=context.flatten())
    return mark_safe(html)  # noqa: S308 - crispy-forms' own escaped output
