"""Pictures of the workspace's users: the one a user uploaded on their account page, else their initials.

Wagtail asks Gravatar for the picture of every user without an upload: a request to a third party from every staff
page, which tells it who works here and which our Content Security Policy refuses (an error in the browser's
console on every page). Settings turn Gravatar off (WAGTAIL_GRAVATAR_PROVIDER_URL); the `get_avatar_url` hook
(core.wagtail_hooks) draws the initials instead, an SVG in a data: address (allowed by the policy's img-src).
"""

import hashlib
import unicodedata
from urllib.parse import quote

from django.utils.html import escape

# Background colours behind white initials, each with a contrast of at least 4.5:1 (WCAG AA for text).
COLOURS = ("#1d4f91", "#8a3b12", "#2f6b2f", "#6b2f6b", "#8a1538", "#00606b", "#5a4a12", "#3d3d8f")


def initials(user) -> str:
    """ "DA" for "Demo administrator", "佐" for "佐藤 花子": the first letters of the first two words of a name in
    Latin script, else the first character of the name (a family name in Japanese, Chinese or Korean)."""
    name = (user.display_name or user.get_full_name() or user.username or "").strip()
    words = name.split()
    if not words:
        return "?"
    if _is_latin(words[0][0]):
        return "".join(word[0] for word in words[:2] if _is_latin(word[0])).upper()
    return words[0][0]


def _is_latin(character: str) -> bool:
    return unicodedata.name(character, "").startswith("LATIN")


def initials_svg(text: str, seed: str) -> str:
    colour = COLOURS[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(COLOURS)]
    size = 40 if len(text) < 2 else 32
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        f'<text x="50" y="50" dy="0.35em" text-anchor="middle" fill="#fff" font-size="{size}"'
        ' font-family="system-ui, sans-serif">'
        f"{escape(text)}</text></svg>"
    )


def avatar_url(user) -> str | None:
    """The user's initials as a data: address, or None when they uploaded a picture (Wagtail then shows it) or
    there is no user (a change made by the system: Wagtail's own default picture)."""
    if user is None:
        return None
    profile = getattr(user, "wagtail_userprofile", None) if getattr(user, "pk", None) else None
    if profile is not None and profile.avatar:
        return None
    seed = str(getattr(user, "pk", "") or getattr(user, "username", ""))
    return "data:image/svg+xml," + quote(initials_svg(initials(user), seed))
