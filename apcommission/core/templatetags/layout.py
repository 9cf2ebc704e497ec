"""`{% fixed_url "core:home" %}` and `{% fixed_static "css/application.css" %}`: the addresses and
static files the layout shows on every page, worked out once per process (core.layout) rather than
by `{% url %}` and `{% static %}` on every request. Only for pages whose address takes no arguments.
Both accept `as name`, as `{% url %}` does."""

from django import template

from .. import layout

register = template.Library()


@register.simple_tag
def fixed_url(url_name: str) -> str:
    return layout.address(url_name)


@register.simple_tag
def fixed_static(path: str) -> str:
    return layout.static_url(path)
