"""The privacy notice: what the service holds about children and why, for how long (generated
from the retention schedule, so the two cannot disagree), and people's rights. Public."""

from __future__ import annotations

from django.shortcuts import render

from apcommission.core.child_records import child_data_kinds, retention_rules


def privacy_notice(request):
    kinds_by_rule: dict[str, list[str]] = {}
    for kind in child_data_kinds():
        kinds_by_rule.setdefault(kind.retention.key, []).append(kind.label)
    rules = [(rule, kinds_by_rule.get(rule.key, [])) for rule in retention_rules()]
    return render(request, "dataprotection/privacy.html", {"rules": rules})
