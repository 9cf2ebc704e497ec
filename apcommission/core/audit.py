"""Recording who viewed or changed which record (standard 8).

`audit_record` is the one write path to `AuditEvent`; views call `audit_view` when they show a
child's record and services call `audit_change` inside their own transaction, so the audit entry
commits or rolls back with the change it describes. Field-level history of child-data models is
also kept by django-simple-history (`register_child_record`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from decimal import Decimal

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.dispatch import receiver
from django.utils import timezone

from .compiled import access_request, accessed_or_404, compiled_together, sql_request
from .models import AuditAction, AuditEvent, Organisation, OrganisationKind, User
from .scoping import scope_for
from .sign_in_throttle import client_ip

#: Models that hold data about a child; each also gets simple-history (see register_child_record).
CHILD_RECORD_MODELS: set[type[models.Model]] = set()


def register_child_record(model: type[models.Model]) -> type[models.Model]:
    """Class decorator: mark a model as holding data about a child (audited views and changes)."""
    CHILD_RECORD_MODELS.add(model)
    return model


def is_child_record(obj_or_model) -> bool:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return model in CHILD_RECORD_MODELS


def local_authority_of(obj: models.Model | None, user=None) -> int | None:
    """The LA whose administrators may read an event about `obj` by `user`.

    From the record when it says so without a query (an organisation, or any model with a
    `local_authority` or `audit_local_authority_id`), else the LA the acting user belongs to when
    there is exactly one. None when neither tells: such events are read in the Django admin only.
    """
    if isinstance(obj, Organisation):
        return obj.pk if obj.kind == OrganisationKind.LOCAL_AUTHORITY else obj.local_authority_id
    for attribute in ("audit_local_authority_id", "local_authority_id"):
        value = getattr(obj, attribute, None) if obj is not None else None
        if value:
            return value
    subject = user if user is not None and getattr(user, "is_authenticated", False) else None
    if subject is None and isinstance(obj, User):
        subject = obj
    las = scope_for(subject).member_la_ids if subject is not None else frozenset()
    return next(iter(las)) if len(las) == 1 else None


def audit_record(**event) -> AuditEvent:
    """Append one audit event, written now (audit_record_request's arguments: who, the action, the
    record or a `description` standing in for it, and so on)."""
    return compiled_together(audit_record_request(**event))[0][0]


def audit_record_request(
    *,
    user,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    request=None,
    description: str = "",
    local_authority_id: int | None = None,
):
    """One audit event's insert as a request to send with a page's reads (core.compiled's
    compiled_together): its answer is the event, written when they are sent. `description` stands
    in for `obj` (e.g. an export of a list). The event's LA is `local_authority_id`, or worked out
    by `local_authority_of`."""
    return _insert_request(_event(user, action, obj, changes, request, description, local_authority_id))


def _event(user, action, obj, changes, request, description, local_authority_id) -> dict:
    """The event's column values by attribute name (AuditEvent's fields): built as plain values,
    not as a model instance, as every view of a child's record builds one (a third as much CPU)."""
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return {
        "at": timezone.now(),
        "local_authority_id": local_authority_id or local_authority_of(obj, user if authenticated else None),
        "user_id": user.pk if authenticated else None,
        "user_email": getattr(user, "email", "") if authenticated else "",
        "action": str(action),
        "content_type_id": ContentType.objects.get_for_model(obj).pk if obj is not None else None,
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": (str(obj) if obj is not None else description)[:200],
        "changes": changes or {},
        "path": (request.get_full_path() if request is not None else "")[:500],
        "ip_address": client_ip(request),
        "is_child_record": obj is not None and is_child_record(obj),
    }


#: The audit log's INSERT and its fields, written once a process for each database: it is the one
#: write of every view of a child's record, and the ORM's save built and compiled it every time
#: (half of audit_view's time). AuditEvent has no save() of its own and no signal receivers.
_INSERTS: dict[str, tuple[str, tuple]] = {}


def _insert_request(values: dict):
    """The INSERT of the event `values` (_event), returning its id, as a request for core.compiled:
    run alone, or sent with a page's reads (audit_view_request); its answer is the AuditEvent."""
    connection = connections[router.db_for_write(AuditEvent)]
    try:
        sql, fields = _INSERTS[connection.alias]
    except KeyError:
        quote = connection.ops.quote_name
        fields = tuple(f for f in AuditEvent._meta.concrete_fields if not f.primary_key)
        table, columns = quote(AuditEvent._meta.db_table), ", ".join(quote(f.column) for f in fields)
        values_sql = ", ".join(["%s"] * len(fields))
        # PostgreSQL and SQLite 3.35+ (Django 5.2's least) both return the new row's id.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({values_sql}) RETURNING {quote(AuditEvent._meta.pk.column)}"  # noqa: S608 - the model's names; values are parameters
        _INSERTS[connection.alias] = (sql, fields)
    # As the ORM's save would send them: the time, the JSON and the IP address adapted by their
    # fields (SQLite keeps times as text), the other values (ids, text, a flag) as they are.
    params = [
        field.get_db_prep_save(values[field.attname], connection)
        if field.attname in _ADAPTED
        else values[field.attname]
        for field in fields
    ]

    def inserted(rows: list) -> AuditEvent:
        event = AuditEvent(pk=rows[0][0], **values)
        event._state.adding = False
        event._state.db = connection.alias
        return event

    return sql_request(connection.alias, sql, params, inserted, write=True)


#: The fields whose values their field adapts for the database (the time; JSON; the address).
_ADAPTED = frozenset({"at", "changes", "ip_address"})


def audit_view(request, obj: models.Model) -> AuditEvent:
    """Record that the signed-in user looked at `obj` (call from detail views of child records)."""
    return audit_record(user=request.user, action=AuditAction.VIEW, obj=obj, request=request)


def audit_view_request(request, obj: models.Model):
    """audit_view's insert as a request to send with the page's reads (core.compiled's
    compiled_together): a record's page waits for the database once for its lists and its audit
    event, not once for each. The event is written when they are sent."""
    return _insert_request(_event(request.user, AuditAction.VIEW, obj, None, request, "", None))


def audited_record(request, name: str, build, pk) -> Generator:
    """The record the page shows (core.compiled.access_request: 404 unless the user may see it),
    its view recorded in the audit log: a generator for core.compiled.gathered, so that the record
    is read with the page's first reads and its audit event sent with the next."""
    record = accessed_or_404((yield [access_request(name, build, request.user, pk)])[0])
    yield [audit_view_request(request, record)]
    return record


def audit_export(request, description: str) -> AuditEvent:
    """Record a download (CSV or PDF) that may contain pupil-level data."""
    return audit_record(user=request.user, action=AuditAction.EXPORT, request=request, description=description)


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


#: Never copied into the audit log (secrets and noise).
UNAUDITED_FIELDS = frozenset({"password", "last_login", "modified_on"})


def snapshot(obj: models.Model) -> dict:
    """Field values of `obj` (concrete fields, FKs as ids), for `changes_between`."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in UNAUDITED_FIELDS}


def changes_between(before: dict, after: models.Model) -> dict:
    """{field: [before, after]} for the fields that differ; JSON-safe."""
    now = snapshot(after)
    return {
        name: [_jsonable(before.get(name)), _jsonable(value)]
        for name, value in now.items()
        if before.get(name) != value
    }


def audit_change(*, user, obj: models.Model, before: dict | None = None, request=None) -> AuditEvent:
    """Record a create (before is None) or a change (before from `snapshot`)."""
    if before is None:
        return audit_record(user=user, action=AuditAction.CREATE, obj=obj, request=request)
    return audit_record(
        user=user, action=AuditAction.CHANGE, obj=obj, changes=changes_between(before, obj), request=request
    )


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs):
    audit_record(user=user, action=AuditAction.SIGN_IN, request=request, description=user.email)


@receiver(user_logged_out)
def _on_sign_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "apc_sign_out_recorded", False):
        audit_record(user=user, action=AuditAction.SIGN_OUT, request=request, description=user.email)


def _account_la(email: str) -> int | None:
    """The LA of the account an e-mail address names, if there is one (for events without a user)."""
    account = User.objects.filter(email=email.lower()).first() if email else None
    return local_authority_of(account) if account is not None else None


@receiver(user_login_failed)
def _on_sign_in_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("username") or credentials.get("email") or "")[:200]
    what = "wrong two-factor code" if credentials.get("second_factor") else ""
    audit_record(
        user=None,
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        description=f"{email} ({what})" if what else email,
        local_authority_id=_account_la(email),
    )


@receiver(user_locked_out)
def _on_locked_out(sender, request, username, ip_address, **kwargs):
    """Once per lockout: when the failures reach the limit (later tries during it are failed
    sign-ins already)."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    audit_record(
        user=None,
        action=AuditAction.LOCKED_OUT,
        request=request,
        description=f"{username or '(no email address)'} from {ip_address}",
        local_authority_id=_account_la(username or ""),
    )


def record_session_end(request, reason: str) -> None:
    """A session ended by the server: idle timeout, absolute limit, or a skipped second factor."""
    request.apc_sign_out_recorded = True
    audit_record(
        user=request.user,
        action=AuditAction.TIMED_OUT if reason in {"inactive", "limit"} else AuditAction.SIGN_OUT,
        request=request,
        description=f"{request.user.email} ({reason})",
    )
