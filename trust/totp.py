"""Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) with HMAC-SHA1, 30-second steps, 6 digits.

These are the parameters every authenticator app (FreeOTP, Google Authenticator, 1Password...) uses by default.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
# RFC 6238 §5.2 recommends accepting at most one step of clock drift in each direction.
DRIFT_STEPS = 1


def new_secret() -> str:
    """160 random bits (RFC 4226 §4 R6 recommends 160), base32 without padding, as apps expect."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest=hashlib.sha1) -> str:
    """RFC 4226 §5.3: HMAC of the 8-byte counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def totp(secret: str, *, at: float | None = None) -> str:
    return hotp(_key(secret), time_step(at))


def matching_step(secret: str, code: str, *, at: float | None = None, after_step: int = 0) -> int | None:
    """The time step `code` is valid for (within the drift window), or None. Steps <= after_step are refused."""
    code = (code or "").replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret)
    current = time_step(at)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI (Key Uri Format) an authenticator app accepts when typed or pasted."""
    label = quote(f"{issuer}:{account}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


def grouped(secret: str) -> str:
    """The secret in groups of four characters, easier to type into a phone."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
