"""How a person is authenticated: e-mail address and password, and never a demo account outside
the quick start. django-axes' backend sits before this one in AUTHENTICATION_BACKENDS and refuses
locked-out accounts and addresses first."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models.query import MAX_GET_RESULTS

from .demo import is_demo_account
from .scoping import read_for_request
from .signed_in import keep_row, kept_field_names, kept_row, loaded_done


class EmailBackend(ModelBackend):
    """Django's ModelBackend (e-mail is the user name), refusing what must never sign in.

    A demo account has a published password. If a production database was ever seeded, the
    accounts must still not work: they are refused here, at authentication, and by `get_user`, so
    a session made before the switch ends too (README: DEMO_LOGINS_ENABLED is off with DEBUG off).
    """

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return getattr(settings, "DEMO_LOGINS_ENABLED", False) or not is_demo_account(user.email)

    def get_user(self, user_id):
        """The signed-in user, read for this request (so their scope may come from the process's
        cache: core.scoping): ModelBackend's rules on the row `User.objects.get(pk=user_id)` reads."""
        user = kept_user(user_id)
        read = user is None
        if read:
            user = user_row(user_id)
        try:
            if user is None or not self.user_can_authenticate(user):
                return None
            if read:
                keep_row(user)
        finally:
            loaded_done()
        read_for_request(user)
        return user


def kept_user(pk):
    """The user kept beside this request's session (core.signed_in) if it is current, as
    `user_row` would read it but for the password, which is read if anything asks for it."""
    kept = kept_row(pk)
    if kept is None:
        return None
    values, session_hash = kept
    model = get_user_model()
    names = kept_field_names(model)
    user = model.from_db(router.db_for_read(model), names, [values[name] for name in names])
    user._kept_session_auth_hash = session_hash
    return user


#: The SQL of `User.objects.get(pk=...)` for each database and user model, compiled once per
#: process: (sql, the model's field names in the order selected, each column's converters).
_USER_ROW: dict[tuple, tuple[str, list[str], list[tuple]]] = {}


def user_row(pk):
    """The user whose primary key is `pk`, or None: the row and the object that
    `User.objects.get(pk=pk)` reads and makes (the same query), without building and compiling
    the query again for every request, as the ORM would (one read of the user on every request)."""
    model = get_user_model()
    alias = router.db_for_read(model)
    connection = connections[alias]
    key = (alias, connection.vendor, model._meta.label)
    compiled = _USER_ROW.get(key)
    if compiled is None:
        compiled = _USER_ROW[key] = _compile(model, alias)
    if compiled is None:  # pragma: no cover - a query the ORM would write differently
        try:
            return model._default_manager.db_manager(alias).get(pk=pk)
        except model.DoesNotExist:
            return None
    sql, field_names, converters = compiled
    pk = model._meta.pk.get_db_prep_value(pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, (pk,))
        row = cursor.fetchone()
    if row is None:
        return None
    if converters:
        row = list(row)
        for position, functions, expression in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
    return model.from_db(alias, field_names, row)


_PLACEHOLDER = 0


def _compile(model, alias):
    """As `QuerySet.get` builds it: no ordering, at most MAX_GET_RESULTS rows."""
    query = model._default_manager.db_manager(alias).filter(pk=_PLACEHOLDER).order_by().query
    query.set_limits(high=MAX_GET_RESULTS)
    compiler = query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if tuple(params) != (_PLACEHOLDER,) or compiler.klass_info is None or compiler.annotation_col_map:
        return None
    expressions = [column for column, _sql, _alias in compiler.select]
    field_names = [column.target.attname for column in expressions]
    converters = [
        (position, functions, expression)
        for position, (functions, expression) in compiler.get_converters(expressions).items()
    ]
    return sql, field_names, converters
