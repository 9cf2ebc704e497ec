"""Who reaches the reports app's pages."""

from apcommission.core.models import Role

from ..services._common import REPORT_AUTHORS

AUTHORS = REPORT_AUTHORS
READERS = (*REPORT_AUTHORS, Role.FORUM_MEMBER)


def authoring_la(user):
    """The LA the user prepares reports for (the first, for the rare user of several LAs)."""
    from apcommission.core.models import Organisation
    from apcommission.core.scoping import scope_for

    scope = scope_for(user)
    ids = sorted(set().union(*(scope.orgs_with_role(role) for role in REPORT_AUTHORS)))
    return Organisation.objects.filter(pk__in=ids[:1]).first()
