"""Versions kept in the cache: a key that names the current state of something many cached entries derive from.

Entries are cached under keys that include the version; moving the version on makes every one of them stale at
once, without finding them. Used by the council report's counts (reports), the admin sidebar (core.sidebar) and
the public page cache (cms.cache).
"""

import uuid

from django.core.cache import cache


def current(key: str) -> str:
    """The version stored under `key`, made on first use (`add`, so processes starting together agree)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or "uncached"
    return version


def move_on(key: str) -> None:
    """Every entry made under the version stored at `key` is stale from now on."""
    cache.set(key, uuid.uuid4().hex, None)
