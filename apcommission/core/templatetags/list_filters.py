"""`{% list_filter_form form %}`: a list page's filter form, rendered by crispy-forms once per
process while nobody has filtered, then reused.

Rendering a GOV.UK form through crispy-forms takes about a quarter of a list page's time, and the
unfiltered form is the same for everyone: its choices are fixed and an unbound GET form carries
no CSRF token, no value and no error. A form filtered only by fixed choices ("Status: active") is
kept too, once per combination of the options chosen and the options offered. A form with text
typed in, an error, or choices read from the database (a ModelChoiceField, scoped per user) is
rendered every time, as `{% crispy form %}` would.
"""

from __future__ import annotations

from crispy_forms.utils import render_crispy_form
from django import forms, template
from django.utils.safestring import mark_safe

register = template.Library()

_RENDERED: dict[tuple, str] = {}
#: Renderings kept before the cache is emptied and filled again (a bound on memory).
KEPT = 500


def _kind(form) -> tuple:
    """What makes two unfilled forms render the same. Not the class itself: django-filter builds a
    new form class for every FilterSet it makes (every request), so the class would never match
    again and each request would add one to the cache."""
    kind = type(form)
    return (kind.__module__, kind.__qualname__, kind.__bases__, tuple(form.fields))


def _chosen(form) -> tuple | None:
    """A valid filled-in form's choices and what was chosen in each, when nothing else was filled
    in; else None (render it every time)."""
    if not form.is_valid():
        return None
    chosen = []
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.ModelChoiceField):
            return None
        if isinstance(field, forms.ChoiceField):
            chosen.append((name, repr(value), repr(list(field.choices))))
        elif value not in (None, "", [], ()):
            return None
    return tuple(chosen)


def _cache_key(form) -> tuple | None:
    helper = getattr(form, "helper", None)
    if getattr(helper, "form_method", "post").lower() != "get":
        return None
    if not form.is_bound:
        return _kind(form)
    chosen = _chosen(form)
    return None if chosen is None else (*_kind(form), chosen)


@register.simple_tag(takes_context=True)
def list_filter_form(context, form) -> str:
    key = _cache_key(form)
    if key is None:
        return render_crispy_form(form, context=context.flatten())
    html = _RENDERED.get(key)
    if html is None:
        if len(_RENDERED) >= KEPT:
            _RENDERED.clear()
        html = _RENDERED[key] = render_crispy_form(form, context=context.flatten())
    return mark_safe(html)  # noqa: S308 - crispy-forms' own escaped output
