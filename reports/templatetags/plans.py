"""`{{ amount|thousands }}`: pounds as the Forum's tables print them, in £'000 with separators and
a minus sign (4,258; −378). Empty for no figure (the baseline has no in-year cost).

`{% copy_plan_form form %}`: the plan page's "Copy this scenario" form. Shown unfilled, its markup
is the same on every plan page but for four values (the address, the CSRF token, the submission
token and the suggested name), so crispy-forms renders it once per process with stand-ins and each
page puts its own values in; a form with what was typed or its errors is rendered in full."""

from crispy_forms.utils import render_crispy_form
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..selectors.plans import in_thousands

register = template.Library()


@register.filter
def thousands(amount) -> str:
    value = in_thousands(amount)
    if value is None:
        return ""
    return f"−{abs(value):,}" if value < 0 else f"{value:,}"


#: Stand-ins no address, token or name contains, replaced by each page's own values.
_ACTION, _CSRF, _TOKEN, _NAME = "zzCopyActionzz", "zzCopyCsrfzz", "zzCopyTokenzz", "zzCopyNamezz"
_SKELETON: dict[type, str] = {}


def _skeleton(form_class) -> str:
    html = _SKELETON.get(form_class)
    if html is None:
        form = form_class(initial={"name": _NAME, "submission_token": _TOKEN})
        form.helper.form_action = _ACTION
        html = _SKELETON[form_class] = render_crispy_form(form, context={"csrf_token": _CSRF})
        if any(html.count(stand_in) != 1 for stand_in in (_ACTION, _CSRF, _TOKEN, _NAME)):
            raise ValueError("The copy form's markup does not have each value once")
    return html


@register.simple_tag(takes_context=True)
def copy_plan_form(context, form) -> str:
    if form.is_bound:
        return render_crispy_form(form, context=context.flatten())
    values = {
        _ACTION: form.helper.form_action,
        _CSRF: str(context.get("csrf_token", "")),
        _TOKEN: str(form.initial["submission_token"]),
        _NAME: str(form.initial["name"]),
    }
    html = _skeleton(type(form))
    for stand_in, value in values.items():
        html = html.replace(stand_in, str(conditional_escape(value)))
    return mark_safe(html)  # noqa: S308 - crispy-forms' escaped markup, and escaped values
