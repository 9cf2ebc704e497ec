"""Django's Redis cache, with one Redis client per server kept for the process.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` object for every cache call (every
session read), and redis-py fills each new client's table of about 170 response callbacks: more
CPU than the command itself. A client is safe to share: it takes a connection from its server's
pool for each command (and the pool makes new connections in a forked process). Keys, values,
timeouts and servers are Django's; only the client objects are kept.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
