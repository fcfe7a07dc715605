"""Virtual users over HTTP (asyncio + httpx): staff sessions that log in and work, anonymous public visitors.

The stack runs with production settings behind an imaginary TLS-terminating proxy: every request carries
`X-Forwarded-Proto: https`, and cookies (Secure in production) are kept by hand because the connection itself
is plain HTTP on loopback.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import httpx

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RETRYABLE_STATUSES = {502, 503, 504}


@dataclass
class Sample:
    scenario: str
    method: str
    status: int | str  # an HTTP status, or the name of a transport error (connection reset by a killed worker)
    at: float  # seconds since the run started
    duration_ms: float


@dataclass
class Recorder:
    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    attempted: set[str] = field(default_factory=set)
    attempted_at: dict[str, float] = field(default_factory=dict)  # marker -> seconds of its first attempt
    acknowledged: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    sign_in_seconds: float = 0.0

    def now(self):
        return time.monotonic() - self.started

    def add(self, sample):
        self.samples.append(sample)


class Session:
    """One browser: its own connection pool and cookies."""

    def __init__(self, *, base_url, recorder, name):
        self.base_url = base_url
        self.origin = base_url.replace("http://", "https://")
        self.recorder = recorder
        self.name = name
        self.cookies: dict[str, str] = {}
        self.http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(20.0, connect=5.0),
            follow_redirects=False,
            headers={"X-Forwarded-Proto": "https", "Accept-Language": "ja", "User-Agent": f"kizuna-load/{name}"},
            limits=httpx.Limits(max_connections=2, max_keepalive_connections=2),
        )

    async def close(self):
        await self.http.aclose()

    def _absorb_cookies(self, response):
        for header in response.headers.get_list("set-cookie"):
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            lowered = attributes.lower()
            if "max-age=0" in lowered or "expires=thu, 01 jan 1970" in lowered:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value.strip('"')
        self.http.cookies.clear()

    async def request(self, scenario, method, url, *, data=None, headers=None):
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if method == "POST":
            all_headers.setdefault("Origin", self.origin)
            all_headers.setdefault("Referer", self.origin + url)
        started = time.monotonic()
        at = self.recorder.now()
        try:
            response = await self.http.request(method, url, data=data, headers=all_headers)
        except httpx.HTTPError as error:
            self.recorder.add(Sample(scenario, method, type(error).__name__, at, (time.monotonic() - started) * 1000))
            return None
        self.recorder.add(Sample(scenario, method, response.status_code, at, (time.monotonic() - started) * 1000))
        self._absorb_cookies(response)
        return response

    async def csrf_token(self, scenario, url):
        response = await self.request(scenario, "GET", url)
        if response is None or response.status_code != 200:
            return None, response
        match = CSRF_INPUT.search(response.text)
        return (match.group(1) if match else None), response

    async def login(self, username, password, *, deadline):
        while self.recorder.now() < deadline:
            token, _response = await self.csrf_token("login", "/admin/login/")
            if token:
                response = await self.request(
                    "login",
                    "POST",
                    "/admin/login/",
                    data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
                )
                if response is not None and response.status_code == 302 and "sessionid" in self.cookies:
                    return True
            await asyncio.sleep(1 + random.random())
        return False

    @staticmethod
    def signed_out(response):
        return (
            response is not None and response.status_code == 302 and "/login/" in response.headers.get("location", "")
        )
