"""The forms of a rendered page, read as a browser would post them (for tests that post forms
they did not write: the hostile-input test, the double-submit test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, value)
    choices: dict[str, list[str]] = field(default_factory=dict)

    def signature(self) -> tuple:
        return (self.method, self.action, tuple(sorted({name for name, _, _ in self.fields})))


class FormReader(HTMLParser):
    """The forms of a page: every named input, select and textarea with the value it would post."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._selected: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action") or self.page_url)
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            self._input(self._form, a)
        elif tag == "select" and a.get("name"):
            self._select, self._selected = a["name"], None
            self._form.choices[a["name"]] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._form.choices[self._select].append(value)
            if value and ("selected" in a or self._selected is None):
                self._selected = value
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    @staticmethod
    def _input(form: Form, a: dict):
        name, kind = a["name"], a.get("type", "text").lower()
        if kind in ("radio", "checkbox", "submit"):  # a button's name and value are posted too
            form.choices.setdefault(name, []).append(a.get("value", "on"))
            if "checked" in a:
                form.fields.append((name, kind, a.get("value", "on")))
        elif kind not in ("button", "image", "reset"):
            form.fields.append((name, kind, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            self._form.fields.append((self._select, "select", self._selected or ""))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields.append((self._textarea, "textarea", self._text.strip()))
            self._textarea = None


def read_forms(url: str, html: str) -> list[Form]:
    reader = FormReader(url)
    reader.feed(html)
    forms = []
    for form in reader.forms:
        for name, options in form.choices.items():  # a radio or checkbox group with nothing ticked
            if name not in {n for n, _, _ in form.fields} and any(options):
                form.fields.append((name, "choice", next(o for o in options if o)))
        forms.append(form)
    return forms
