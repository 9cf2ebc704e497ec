"""`{% pagination page %}`: the GOV.UK pagination under a list (a built-in: no `{% load %}`).

`page` is a Django Page (`Paginator(...).get_page(...)`) or a keyset page
(`apcommission.core.paging.keyset_page`: its links carry after=/before= cursors). The links keep
the request's other GET parameters (the filters). Written in Python: as a template include, with a
loop over the query string on each link, it cost more than many a list's own rows."""

from urllib.parse import quote

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

register = template.Library()

#: The parameters the links set themselves.
_PAGING_PARAMETERS = frozenset(("page", "after", "before"))

_PREVIOUS_ICON = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125'
    '-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>'
    "</svg>"
)
_NEXT_ICON = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125'
    "-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"
    '"></path></svg>'
)


@register.simple_tag(takes_context=True)
def pagination(context, page) -> str:
    """The pagination's markup for `page`, or nothing when the list has one page."""
    if page is None or not page.has_other_pages():
        return ""
    request = context.get("request")
    kept = "".join(
        f"{escape(name)}={escape(quote(value, safe='/'))}&amp;"
        for name, value in (request.GET.items() if request is not None else ())
        if name not in _PAGING_PARAMETERS
    )
    keyset = getattr(page, "is_keyset", False)
    parts = ['\n<nav class="govuk-pagination" aria-label="Pagination">']
    if page.has_previous():
        to = f"before={escape(page.previous_cursor)}" if keyset else f"page={page.previous_page_number()}"
        parts.append(
            '\n  <div class="govuk-pagination__prev">\n'
            f'    <a class="govuk-link govuk-pagination__link" href="?{kept}{to}" rel="prev">\n'
            f"      {_PREVIOUS_ICON}\n"
            '      <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page'
            "</span></span>\n    </a>\n  </div>"
        )
    pages = page.paginator.num_pages
    of = f" of {pages}" if pages != "many" else ""
    parts.append(
        '\n  <ul class="govuk-pagination__list">\n'
        '    <li class="govuk-pagination__item govuk-pagination__item--current">'
        f'<span class="govuk-body">Page {page.number}{of}</span></li>\n  </ul>'
    )
    if page.has_next():
        to = f"after={escape(page.next_cursor)}" if keyset else f"page={page.next_page_number()}"
        parts.append(
            '\n  <div class="govuk-pagination__next">\n'
            f'    <a class="govuk-link govuk-pagination__link" href="?{kept}{to}" rel="next">\n'
            '      <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page'
            "</span></span>\n"
            f"      {_NEXT_ICON}\n    </a>\n  </div>"
        )
    parts.append("\n</nav>\n")
    return SafeString("".join(parts))
