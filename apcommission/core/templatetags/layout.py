"""The layout's parts that are the same on every page, worked out once per process (core.layout)
rather than on every request:

- `{% fixed_url "core:home" %}` and `{% fixed_static "css/application.css" %}`: addresses that take
  no arguments and static files, for `{% url %}` and `{% static %}`; both accept `as name`.
- `{% record_url "placements:placement-detail" placement.pk %}`: a record page's address from its
  id, for `{% url %}` with one id (core.addresses: reversed once per process); accepts `as name`.
- `{% page_layout "start" %}`, "head", "header", "main", "end": the page around base.html's blocks,
  written in Python (core.page_layout).
- `{% once [value ...] %}…{% endonce %}`: markup rendered once per process for each combination of
  the values named (the header's navigation, by its entries), then given as it was. What is inside
  must depend on nothing else: settings, fixed addresses and the values named, never the user,
  the request or the CSRF token (those go between `{% endonce %}` and the next `{% once %}`).
"""

from django import template
from django.utils.safestring import SafeString

from .. import layout
from .. import page_layout as page_layout_parts
from ..addresses import address_of

register = template.Library()

#: Renderings kept per `{% once %}` before they are dropped and made again (a bound on memory).
ONCE_KEPT = 500


@register.simple_tag
def fixed_url(url_name: str) -> str:
    return layout.address(url_name)


@register.simple_tag
def record_url(url_name: str, pk: int) -> str:
    return address_of(url_name)(pk)


@register.simple_tag
def fixed_static(path: str) -> str:
    return layout.static_url(path)


class OnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, values: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.values = values
        self.rendered: dict[tuple, str] = {}

    def render(self, context) -> str:
        key = (context.get("layout_key") or layout.key(), *(repr(value.resolve(context)) for value in self.values))
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) >= ONCE_KEPT:
                self.rendered.clear()
            html = self.rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def once(parser, token):
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, values)


@register.simple_tag(takes_context=True)
def page_layout(context, part: str) -> SafeString:
    """`{% page_layout "start" %}` … : base.html's parts around its blocks (core.page_layout)."""
    return SafeString(_PARTS[part](context))


_PARTS = {
    "start": page_layout_parts.page_start,
    "head": page_layout_parts.page_head,
    "header": page_layout_parts.page_header,
    "main": page_layout_parts.page_main,
    "end": page_layout_parts.page_end,
}
