"""Who is signed in, read with the session: the user's row kept beside the session in the shared
cache, so a signed-in request makes one round trip to Redis and none to PostgreSQL before its page.

Every signed-in request reads its session (Redis, through `cached_db`) and then the user's row
(PostgreSQL): two round trips before the page's own queries, and under load on a busy server each
costs far more than its SQL (docs/performance.md, "Where the time goes"). This session engine reads
the session, the row kept for it and the users' generation in one `MGET`; the authentication
backend (core.backends) takes the kept row instead of reading it when it is current.

A kept row is current while the users' generation is the one it was kept under. Every change of a
user's row, by `save`, `delete` or a query set's `update` or `bulk_update` (core.models.users),
gives the generation a new random value, at once and again when the transaction commits, so no row
read before a change is ever used after it: a row read while the change was uncommitted was kept
under the generation before the one set at commit. The generation lives in the same Redis as the
kept rows: if Redis loses one, it loses the other or the rows are kept under a value no longer
current. Django's own checks still run on the kept row (active, not a demo account outside the
quick start, the session hash with its password and session_version), so a deactivated user, a
changed password and "sign out everywhere" end a session on its next request, as before.

The row is kept without its password hash: it is deferred (read from the database if anything asks
for it, such as a password change), and the session hash it would make is kept with the row. That
hash is the one the session itself already holds.

Sessions without the shared cache (the quick start: `db` sessions) read the row every request.
"""

from __future__ import annotations

import contextvars
import hashlib
import secrets
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.db import transaction


def _generation_key() -> str:
    """The users' generation: a new random value whenever any user's row changes. Named after the
    secret key too, so rows kept with hashes made under a key since rotated are never current."""
    return _generation_key_for(settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _generation_key_for(secret_key: str) -> str:
    return f"apcommission.users.generation.{hashlib.sha256(secret_key.encode()).hexdigest()[:16]}"


ROW_KEY_PREFIX = "apcommission.signed_in.row."

#: The session store this request loaded last, with what was read with it (the backend's input).
_LOADED: contextvars.ContextVar[SessionStore | None] = contextvars.ContextVar("apc_session_loaded", default=None)


class SessionStore(CachedDBStore):
    """Django's cached_db sessions, reading the kept user row and the users' generation with the
    session in one round trip."""

    generation = None
    kept = None

    @property
    def row_key(self) -> str:
        return ROW_KEY_PREFIX + self._get_or_create_session_key()

    def load(self):
        generation_key = _generation_key()
        try:
            found = self._cache.get_many([self.cache_key, generation_key, self.row_key])
        except Exception:  # as cached_db: a key the cache refuses means no session
            found = {}
        self.generation, self.kept = found.get(generation_key), found.get(self.row_key)
        _LOADED.set(self)
        data = found.get(self.cache_key)
        if data is None:
            session = self._get_session_from_db()
            if not session:
                return {}
            data = self.decode(session.session_data)
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=session.expire_date))
        return data

    def delete(self, session_key=None):
        key = session_key or self.session_key
        super().delete(session_key)
        if key is not None:
            self._cache.delete(ROW_KEY_PREFIX + key)


def kept_row(user_id) -> tuple[dict, str] | None:
    """The user's kept row (field values without the password) and session hash, if the session
    this request loaded holds a current one for this user; consumed by the call."""
    store = _LOADED.get()
    if store is None:
        return None
    generation, kept = store.generation, store.kept
    if generation is None or kept is None or kept[0] != generation:
        return None
    values, session_hash = kept[1], kept[2]
    if str(values.get("id")) != str(user_id) or set(values) != set(kept_field_names(get_user_model())):
        return None  # another user's, or kept by a release whose user model had other fields
    return values, session_hash


def keep_row(user) -> None:
    """Keep the row just read for `user` beside the session this request loaded, under the
    generation read with that session (before the row was read)."""
    store = _LOADED.get()
    if store is None or store.session_key is None:
        return
    if store.generation is None:  # no generation yet (a new or emptied cache): start one
        generations_change()
        return
    values = {name: getattr(user, name) for name in kept_field_names(type(user))}
    kept = (store.generation, values, user.get_session_auth_hash())
    store._cache.set(store.row_key, kept, store.get_expiry_age())


@lru_cache(maxsize=4)
def kept_field_names(model) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname != "password")


def loaded_done() -> None:
    _LOADED.set(None)


def generations_change(*, using: str | None = None) -> None:
    """Some user's row changed: every kept row is out of date. Now (later reads in this
    transaction) and when the transaction commits (reads made while it was open)."""
    _new_generation()  # a cache that cannot be written stops the change (the transaction ends)
    transaction.on_commit(_new_generation, using=using, robust=True)


def _new_generation() -> None:
    caches[settings.SESSION_CACHE_ALIAS].set(_generation_key(), secrets.randbits(62), None)
