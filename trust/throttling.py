"""Login throttling against password guessing.

Counters live in Django's cache, so with Redis in production every app process shares them. Three limits apply:
failures per (username, client address), which stops guessing one account from one place; failures per
username from any address, which stops guessing one account from many places (a higher limit, so one person
mistyping on several devices is not locked out); and failures per client address, which slows spraying one
password over many accounts. A manager lifts an account's locks at Settings → Locked sign-ins.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

#: How many addresses of an account's failures are remembered for a manager's unlock.
REMEMBERED_ADDRESSES = 50


def _setting(name, default):
    return getattr(settings, name, default)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def client_address(request) -> str:
    header = _setting("TRUST_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        # Only the proxy we run appends to this header; its last hop is the one it saw.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def normalise_username(username: str) -> str:
    return (username or "").strip().casefold()


def _pair_key(username: str, address: str) -> str:
    return "trust:login-failures:account:" + _digest(username + "\x00" + address)


def _user_key(username: str) -> str:
    return f"trust:login-failures:user:{_digest(username)}"


def _addresses_key(username: str) -> str:
    return f"trust:login-failures:addresses:{_digest(username)}"


class LoginThrottle:
    ACCOUNT = "account"  # this account from this address
    USER = "user"  # this account from anywhere
    ADDRESS = "address"  # anything from this address

    def __init__(self, request, username: str):
        self.address = client_address(request) if request is not None else ""
        self.username = normalise_username(username)
        self.account_key = _pair_key(self.username, self.address)
        self.user_key = _user_key(self.username)
        self.address_key = f"trust:login-failures:address:{_digest(self.address)}"

    @property
    def window_seconds(self) -> int:
        return _setting("TRUST_LOGIN_LOCKOUT_SECONDS", 15 * 60)

    def limits(self) -> dict:
        return {
            self.account_key: _setting("TRUST_LOGIN_FAILURE_LIMIT", 5),
            self.user_key: _setting("TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT", 20),
            self.address_key: _setting("TRUST_LOGIN_ADDRESS_FAILURE_LIMIT", 50),
        }

    def locked_by(self) -> str | None:
        """Which limit is reached (ACCOUNT, USER or ADDRESS), or None. One cache round trip."""
        limits = self.limits()
        counts = cache.get_many(list(limits))
        kinds = ((self.account_key, self.ACCOUNT), (self.user_key, self.USER), (self.address_key, self.ADDRESS))
        for key, kind in kinds:
            if counts.get(key, 0) >= limits[key]:
                return kind
        return None

    def is_locked(self) -> bool:
        return self.locked_by() is not None

    def record_failure(self) -> None:
        for key in (self.account_key, self.user_key, self.address_key):
            cache.add(key, 0, timeout=self.window_seconds)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.window_seconds)
            else:
                if count is None:
                    # Production's django-redis answers None instead of raising while Redis is unreachable. A failure
                    # that cannot be counted is refused with an outage's clean 503 (core.middleware), not let
                    # through uncounted.
                    raise RedisConnectionError("the sign-in failure counters are unreachable")
        if self.username:
            addresses = cache.get(_addresses_key(self.username), [])
            if self.address not in addresses:
                addresses = [*addresses, self.address][-REMEMBERED_ADDRESSES:]
            cache.set(_addresses_key(self.username), addresses, timeout=self.window_seconds)

    def reset(self) -> None:
        """After a successful sign-in from this address. The account-wide count is left to expire, so a guesser
        elsewhere does not get a fresh allowance each time the owner signs in."""
        cache.delete(self.account_key)


def account_failures(usernames) -> dict:
    """{normalised username: failures from any address in the current window} for those with any."""
    names = {normalise_username(name): name for name in usernames}
    counts = cache.get_many([_user_key(name) for name in names])
    by_key = {_user_key(name): name for name in names}
    return {by_key[key]: count for key, count in counts.items() if count}


def is_account_locked(username: str) -> bool:
    """True when the account cannot sign in from a new address: its account-wide limit is reached."""
    count = cache.get(_user_key(normalise_username(username)), 0)
    return count >= _setting("TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT", 20)


def unlock_account(username: str) -> None:
    """Lift every lock of the account: from anywhere, and from each address it failed from in the window."""
    name = normalise_username(username)
    addresses = cache.get(_addresses_key(name), [])
    cache.delete_many([_user_key(name), _addresses_key(name), *(_pair_key(name, address) for address in addresses)])
