"""Login throttling against password guessing.

Counters live in Django's cache, so with Redis in production every app process shares them. Two limits apply:
failures per (username, client address), which stops guessing one account, and failures per client address,
which slows spraying one password over many accounts.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _setting(name, default):
    return getattr(settings, name, default)


def client_address(request) -> str:
    header = _setting("TRUST_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        # Only the proxy we run appends to this header; its last hop is the one it saw.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class LoginThrottle:
    def __init__(self, request, username: str):
        address = client_address(request) if request is not None else ""
        normalised = (username or "").strip().casefold()
        digest = hashlib.sha256(f"{normalised}\x00{address}".encode()).hexdigest()
        self.account_key = f"trust:login-failures:account:{digest}"
        self.address_key = f"trust:login-failures:address:{hashlib.sha256(address.encode()).hexdigest()}"

    @property
    def window_seconds(self) -> int:
        return _setting("TRUST_LOGIN_LOCKOUT_SECONDS", 15 * 60)

    def is_locked(self) -> bool:
        account_failures = cache.get(self.account_key, 0)
        address_failures = cache.get(self.address_key, 0)
        return account_failures >= _setting("TRUST_LOGIN_FAILURE_LIMIT", 5) or address_failures >= _setting(
            "TRUST_LOGIN_ADDRESS_FAILURE_LIMIT", 50
        )

    def record_failure(self) -> None:
        for key in (self.account_key, self.address_key):
            cache.add(key, 0, timeout=self.window_seconds)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.window_seconds)

    def reset(self) -> None:
        cache.delete(self.account_key)
