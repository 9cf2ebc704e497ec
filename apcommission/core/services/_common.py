"""Helpers the core's services share: save only what changed, create with an audit entry."""

from __future__ import annotations

from ..audit import audit_change, snapshot


def _save_if_changed(obj, values: dict, *, by=None) -> bool:
    """Set `values` on `obj`; validate, save and audit only when something changed."""
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    if snapshot(obj) == before:
        return False
    obj.full_clean()
    obj.save()
    audit_change(user=by, obj=obj, before=before)
    return True


def _create(obj, *, by=None):
    obj.full_clean()
    obj.save()
    audit_change(user=by, obj=obj)
    return obj
