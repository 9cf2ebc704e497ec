"""The page around every page's blocks (templates/base.html), written in Python: the head, the
header with the service navigation, the phase banner, the messages, the footer and the timeout
warning. As templates and includes they cost each page about a quarter of a millisecond of CPU,
most of it the template engine's own work around markup that is the same on every request
(docs/performance.md). The markup is the GOV.UK page template (govuk-frontend 6.6.0: template,
generic header, service navigation, phase banner, notification banners, footer) and the GOV.UK
timeout warning pattern; tests/core/test_page_layout.py holds the templates it replaced and checks
the two agree.

Each part takes the template's context: `service_name`, `service_phase`, `footer_links`,
`session_timeout` and `navigation` come from core.context_processors.service; `user`, `request`,
`messages` and the CSRF token from Django's. A page rendered without them (the 500 page) gets the
service's name, no phase, no navigation and no timeout warning.
"""

from __future__ import annotations

from django.template.defaultfilters import pluralize, urlencode
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape as escape

from . import layout

_DEFAULT_NAME = "AP Commissioning"
_CSRF = CsrfTokenNode()
#: Constant parts, made once a process for each state of what they show (core.layout.key()).
_MADE: dict[tuple, str] = {}


def _made(key: tuple, make) -> str:
    found = _MADE.get(key)
    if found is None:
        if len(_MADE) >= 500:
            _MADE.clear()
        found = _MADE[key] = make()
    return found


def _service(context) -> str:
    return context.get("service_name") or _DEFAULT_NAME


def _signed_in(context) -> bool:
    user = context.get("user")
    return user is not None and user.is_authenticated


def page_start(context) -> str:
    """Up to the page's title: "Error: " first when its form has errors (GOV.UK error pattern)."""
    form = context.get("form")
    errors = "Error: " if form is not None and getattr(form, "errors", None) else ""
    return (
        '<!DOCTYPE html>\n\n<html lang="en" class="govuk-template">\n<head>\n  <meta charset="utf-8">\n'
        f"  <title>{errors}"
    )


def page_head(context) -> str:
    """After the title, to the page's own head."""
    service = _service(context)
    return _made(("head", layout.key(), service), lambda: (
        f" – {escape(service)}</title>\n"
        '  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">\n'
        '  <meta name="theme-color" content="#0b0c0c">\n'
        f'  <link rel="icon" sizes="any" href="{layout.static_url("images/favicon.svg")}" type="image/svg+xml">\n'
        f'  <link rel="stylesheet" href="{layout.static_url("css/application.css")}">\n  '
    ))  # fmt: skip


def page_header(context) -> str:
    """After the head: the body's start, the header with the navigation and the phase banner, to
    the page's back link or breadcrumbs."""
    service = _service(context)
    top = _made(("top", layout.key(), service), lambda: (
        '\n</head>\n<body class="govuk-template__body">\n'
        f'  <script src="{layout.static_url("js/body-class.js")}"></script>\n'
        '  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>\n'
        '  <header class="govuk-template__header">\n    \n\n'
        '<div class="govuk-generic-header">\n  <div class="govuk-generic-header__container govuk-width-container">\n'
        '    <div class="govuk-generic-header__logo">\n'
        f'      <a href="{layout.address("core:home")}" class="govuk-generic-header__homepage-link">\n'
        f"        {escape(service)}\n      </a>\n    </div>\n  </div>\n</div>\n"
    ))  # fmt: skip
    navigation = _navigation(context) if _signed_in(context) else ""
    banner = _phase_banner(context)
    return f'{top}{navigation}\n\n  </header>\n  <div class="govuk-width-container">\n    {banner}\n    '


def _navigation(context) -> str:
    entries = tuple(
        (item["label"], item["url"], item["active"], item.get("current")) for item in context.get("navigation") or ()
    )
    before, between, after = _made(("navigation", layout.key(), entries), lambda: _navigation_parts(entries))
    request = context.get("request")
    account = layout.address("core:account")
    current = ' aria-current="page"' if request is not None and request.path == account else ""
    link = f'<a class="govuk-service-navigation__link" href="{account}"{current}>Your account</a>'
    return f"{before}{link}{between}{_CSRF.render(context)}{after}"


def _navigation_parts(entries: tuple) -> tuple[str, str, str]:
    """The service navigation around the account link and the sign-out form's CSRF token."""
    toggle = (
        '\n        <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" '
        'aria-controls="navigation" hidden aria-hidden="true">\n          Menu\n        </button>\n        '
        if len(entries) > 1
        else ""
    )
    items = "".join(
        '\n          <li class="govuk-service-navigation__item'
        + (" govuk-service-navigation__item--active" if active else "")
        + f'">\n            <a class="govuk-service-navigation__link" href="{escape(url)}"'
        + (f' aria-current="{escape(current)}"' if active else "")
        + ">\n              "
        + (
            f'<strong class="govuk-service-navigation__active-fallback">{escape(label)}</strong>'
            if active
            else escape(label)
        )
        + "\n            </a>\n          </li>\n          "
        for label, url, active, current in entries
    )
    before = (
        '\n<div class="govuk-service-navigation" data-module="govuk-service-navigation">\n'
        '  <div class="govuk-width-container">\n    <div class="govuk-service-navigation__container">\n'
        '      <nav aria-label="Menu" class="govuk-service-navigation__wrapper">\n        '
        f'{toggle}\n        <ul class="govuk-service-navigation__list" id="navigation">\n          {items}\n'
        '          <li class="govuk-service-navigation__item app-service-navigation__item--sign-out">\n            '
    )
    between = (
        '\n          </li>\n          <li class="govuk-service-navigation__item">\n'
        f'            <form method="post" action="{layout.address("core:sign-out")}" class="app-sign-out">'
        "\n              "
    )
    after = (
        '\n              <button type="submit" class="app-link-button">Sign out</button>\n            </form>\n'
        "          </li>\n        </ul>\n      </nav>\n    </div>\n  </div>\n</div>\n"
    )
    return before, between, after


def _phase_banner(context) -> str:
    phase = context.get("service_phase")
    if not phase:
        return "\n\n"
    before = _made(("phase", layout.key(), phase), lambda: (
        '\n\n<div class="govuk-phase-banner govuk-width-container">\n  <p class="govuk-phase-banner__content">\n'
        f'    <strong class="govuk-tag govuk-phase-banner__content__tag">\n      {escape(phase)}\n    </strong>\n'
        '    <span class="govuk-phase-banner__text">\n'
        f'      This is a new service. Your <a class="govuk-link" href="{layout.address("core:feedback")}?page='
    ))  # fmt: skip
    request = context.get("request")
    page = urlencode(request.path) if request is not None else ""
    return f'{before}{escape(page)}">feedback</a> will help us to improve it.\n    </span>\n  </p>\n</div>\n\n'


def page_main(context) -> str:
    """After the back link: the main element with the messages, to the page's content."""
    return f'\n    <main class="govuk-main-wrapper" id="main-content">\n      {_messages(context)}\n      '


def _messages(context) -> str:
    """Django's messages as GOV.UK notification banners: success in green as an alert."""
    banners = []
    for number, message in enumerate(context.get("messages") or (), start=1):
        success = message.tags == "success"
        banners.append(
            '\n<div class="govuk-notification-banner'
            + (" govuk-notification-banner--success" if success else "")
            + f'" role="{"alert" if success else "region"}" aria-labelledby="banner-title-{number}" '
            'data-module="govuk-notification-banner">\n  <div class="govuk-notification-banner__header">\n'
            f'    <h2 class="govuk-notification-banner__title" id="banner-title-{number}">'
            f"{'Success' if success else 'Important'}</h2>\n  </div>\n"
            '  <div class="govuk-notification-banner__content">\n'
            f'    <p class="govuk-notification-banner__heading">{escape(message)}</p>\n  </div>\n</div>\n'
        )
    return "\n" + "".join(banners) + "\n"


def page_end(context) -> str:
    """After the content: the footer, the scripts and, for a signed-in user, the timeout warning."""
    service = _service(context)
    links = tuple(context.get("footer_links") or ())
    end = _made(("end", layout.key(), service, links), lambda: _end(service, links))
    warning = _timeout_warning(context) if _signed_in(context) else ""
    return f"{end}{warning}\n</body>\n</html>"  # base.html's last line ends it


def _end(service: str, links: tuple) -> str:
    items = "".join(
        f'<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{layout.address(name)}">'
        f"{escape(label)}</a></li>"
        for name, label in links
    )
    return (
        '\n    </main>\n  </div>\n  <footer class="govuk-template__footer">\n    \n\n'
        '<div class="govuk-footer">\n  <div class="govuk-width-container">\n    <div class="govuk-footer__meta">\n'
        '      <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">\n'
        '        <h2 class="govuk-visually-hidden">Support links</h2>\n'
        f'        <ul class="govuk-footer__inline-list">\n          {items}\n        </ul>\n'
        f'        <div class="govuk-footer__meta-custom">\n          {escape(service)} is run by your local '
        "authority's alternative provision team.\n        </div>\n      </div>\n    </div>\n  </div>\n</div>\n\n"
        f'  </footer>\n  <script type="module" src="{layout.static_url("js/application.js")}"></script>\n  '
    )


def _timeout_warning(context) -> str:
    """The GOV.UK timeout warning's dialog: static/js/timeout-warning.js opens it before the idle
    timeout; the CSRF token and the page's address go in on every request."""
    timeout = context.get("session_timeout") or {}
    seconds, minutes = timeout.get("warning_seconds", ""), timeout.get("warning_minutes", "")
    start, middle, end = _made(("timeout", layout.key(), seconds, minutes), lambda: _timeout_parts(seconds, minutes))
    request = context.get("request")
    here = escape(request.get_full_path()) if request is not None else ""
    token = _CSRF.render(context)
    return f'{start}{token}<input type="hidden" name="next" value="{here}">{middle}{token}{end}'


def _timeout_parts(seconds, minutes) -> tuple[str, str, str]:
    start = (
        '\n\n<dialog class="app-timeout-dialog" id="timeout-warning" aria-labelledby="timeout-warning-heading" '
        'aria-describedby="timeout-warning-text"\n'
        f'  data-status-url="{layout.address("core:session-status")}" data-warning-seconds="{escape(seconds)}"\n'
        f'  data-signed-out-url="{layout.address("core:signed-out")}?reason=inactive">\n'
        '  <h2 class="govuk-heading-m" id="timeout-warning-heading" tabindex="-1">You\'re about to be signed out</h2>\n'
        '  <p class="govuk-body" id="timeout-warning-text">For your security, we will sign you out in '
        f"<strong data-countdown>{escape(minutes)} minute{pluralize(minutes)}</strong>. Anything you have not "
        "saved will be lost.</p>\n"
        '  <p class="govuk-visually-hidden" aria-live="assertive" data-announce></p>\n'
        '  <div class="govuk-button-group">\n'
        f'    <form method="post" action="{layout.address("core:session-extend")}" data-extend>\n      '
    )
    middle = (
        '\n      <button type="submit" class="govuk-button" data-module="govuk-button">Stay signed in</button>\n'
        f'    </form>\n    <form method="post" action="{layout.address("core:sign-out")}">\n      '
    )
    end = (
        '<button type="submit" class="app-link-button govuk-body">Sign out</button>\n    </form>\n  </div>\n'
        f'</dialog>\n<script type="module" src="{layout.static_url("js/timeout-warning.js")}"></script>\n'
    )
    return start, middle, end
