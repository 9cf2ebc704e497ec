"""Words inside a sentence: `{{ label|in_sentence }}` lowers a label's first letter and nothing else,
so "Social, emotional and mental health (SEMH)" reads "social, emotional and mental health (SEMH)"
(`|lower` would write "(semh)"). A first word in capitals (an acronym: "EHCP review") is kept.
Built in to every template (settings TEMPLATES builtins)."""

from django import template

register = template.Library()


def in_sentence(text) -> str:
    text = str(text or "")
    first = text.split(" ", 1)[0]
    if not text or (len(first) > 1 and first.isupper()):
        return text
    return text[0].lower() + text[1:]


register.filter("in_sentence", in_sentence)
