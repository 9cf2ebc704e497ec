"""Template filters of the data protection app."""

from django import template

from ..querysets import data_protection_la_ids

register = template.Library()


@register.filter
def handles_data_protection_for(scope, pupil) -> bool:
    """{% if scope|handles_data_protection_for:pupil %}: may export and hold this pupil's records."""
    return pupil.home_la_id in data_protection_la_ids(scope)
