"""The load itself: N staff sessions and M public visitors for a bounded time, plus a readiness probe."""

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field

import httpx

from loadtest import scenarios
from loadtest.client import RETRYABLE_STATUSES, Recorder, Session


@dataclass
class Plan:
    base_url: str
    staff: list[tuple[str, str]]  # (username, password) per staff session
    public_visitors: int
    duration: float
    ramp: float = 10.0
    think: tuple[float, float] = (0.2, 1.0)
    secure_proxy: bool = True  # send X-Forwarded-Proto: https, as the TLS proxy in front of production does
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    seed: int = 20261123
    # Ids the write scenarios need (countries, user ids by username, today's date), looked up before the run.
    context: dict = field(default_factory=dict)

    @property
    def marker_prefix(self):
        return f"lt-{self.run_id}-"


@dataclass
class Targets:
    """The candidate URLs of scenarios.py that answer on this build."""

    browse: list[str]
    search: list[tuple[str, list[str]]]
    writes: list
    public: list[str]
    skipped: list[str]


def _session(plan, recorder, name):
    session = Session(base_url=plan.base_url, recorder=recorder, name=name)
    if not plan.secure_proxy:
        session.origin = plan.base_url
        session.http.headers.pop("X-Forwarded-Proto", None)
    return session


async def discover(plan):
    """Signs in once and keeps the candidates that answer 200 (staff) or 200 (public)."""
    recorder = Recorder()
    session = _session(plan, recorder, "probe")
    skipped = []
    try:
        username, password = plan.staff[0]
        if not await session.login(username, password, deadline=30):
            raise RuntimeError("the probe session could not sign in")

        async def answers(url, anonymous_session=None):
            response = await (anonymous_session or session).request("probe", "GET", url)
            ok = response is not None and response.status_code == 200
            if not ok:
                skipped.append(f"{url} ({response.status_code if response is not None else 'error'})")
            return ok

        browse = [url for url in scenarios.STAFF_BROWSE if await answers(url)]
        search = [(url, terms) for url, terms in scenarios.STAFF_SEARCH if await answers(url)]
        writes = [write for write in scenarios.STAFF_WRITES if await answers(write.add_url)]
        if not writes:
            writes = [write for write in scenarios.FALLBACK_WRITES if await answers(write.add_url)]
        anonymous = _session(plan, recorder, "probe-public")
        public = [url for url in scenarios.PUBLIC_PAGES if await answers(url, anonymous)]
        await anonymous.close()
    finally:
        await session.close()
    return Targets(browse=browse, search=search, writes=writes, public=public, skipped=skipped)


async def _write(session, recorder, write, marker, fields):
    """Submits one form; retries a 503 or a dropped connection with the same marker, as a person would."""
    recorder.attempted.add(marker)
    recorder.attempted_at.setdefault(marker, recorder.now())
    for attempt in range(5):
        token, form = await session.csrf_token(write.name, write.add_url)
        if token:
            response = await session.request(
                write.name, "POST", write.add_url, data={"csrfmiddlewaretoken": token, **fields}
            )
            if response is not None and response.status_code == write.success_status:
                recorder.acknowledged.add(marker)
                return
            if response is not None and response.status_code in (200, 400):
                # The form came back with errors; on a retry typically "already exists" (the first one committed).
                recorder.rejected.add(marker)
                if not recorder.notes or len(recorder.notes) < 20:
                    recorder.notes.append(f"{write.name} form re-shown for {marker} ({response.status_code})")
                return
            if response is not None and response.status_code not in RETRYABLE_STATUSES:
                return
        elif form is not None and form.status_code not in RETRYABLE_STATUSES:
            return
        await asyncio.sleep(0.5 * (attempt + 1))


async def sign_in_all(plan, recorder, *, concurrency=4, timeout=300):
    """Signs every staff session in before the measured window, a few at a time.

    A working day starts with staff signing in over minutes, not 50 password hashes (PBKDF2, a second of CPU
    each) in the same instant; a login storm would measure the hasher, not the application.
    """
    gate = asyncio.Semaphore(concurrency)
    deadline = recorder.now() + timeout

    async def one(username, password):
        session = _session(plan, recorder, username)
        session.http.timeout = httpx.Timeout(60.0, connect=10.0)
        async with gate:
            ok = await session.login(username, password, deadline=deadline)
        session.http.timeout = httpx.Timeout(20.0, connect=5.0)
        if not ok:
            recorder.notes.append(f"{username} could not sign in")
            await session.close()
            return None
        return session

    return await asyncio.gather(*(one(username, password) for username, password in plan.staff))


async def staff_session(plan, targets, recorder, index, username, password, end, session):
    rng = random.Random(plan.seed + index)
    await asyncio.sleep(plan.ramp * index / max(1, len(plan.staff)))
    writes = 0
    try:
        actions = [("browse", 5), ("search", 3 if targets.search else 0), ("write", 2 if targets.writes else 0)]
        while recorder.now() < end:
            action = scenarios.pick(rng, actions)
            if action == "browse":
                response = await session.request("browse", "GET", rng.choice(targets.browse))
            elif action == "search":
                url, terms = rng.choice(targets.search)
                response = await session.request("search", "GET", f"{url}?q={rng.choice(terms)}")
            else:
                writes += 1
                marker = f"{plan.marker_prefix}{username}-{writes:05d}".lower()
                write = rng.choice(targets.writes)
                await _write(session, recorder, write, marker, write.fields(marker, rng, plan.context, username))
                response = None
            if Session.signed_out(response):
                await session.login(username, password, deadline=end)
            await asyncio.sleep(rng.uniform(*plan.think))
    finally:
        await session.close()


async def public_visitor(plan, targets, recorder, index, end):
    rng = random.Random(plan.seed * 7 + index)
    await asyncio.sleep(plan.ramp * index / max(1, plan.public_visitors))
    session = _session(plan, recorder, f"public{index}")
    try:
        while recorder.now() < end:
            await session.request("public", "GET", rng.choice(targets.public))
            await asyncio.sleep(rng.uniform(*plan.think))
    finally:
        await session.close()


async def readiness_probe(plan, recorder, end, interval=0.5):
    session = _session(plan, recorder, "probe-readyz")
    try:
        while recorder.now() < end:
            await session.request("readyz", "GET", "/readyz")
            await asyncio.sleep(interval)
    finally:
        await session.close()


async def run_load(plan, targets, recorder, *, extra=()):
    """Signs staff in, then runs every virtual user until plan.duration has passed (the clock starts after the
    sign-ins); `extra` coroutines (faults) run alongside."""
    sessions = await sign_in_all(plan, recorder)
    recorder.sign_in_seconds = recorder.now()
    recorder.started = time.monotonic()
    end = plan.ramp + plan.duration
    users = [
        staff_session(plan, targets, recorder, index, username, password, end, session)
        for index, ((username, password), session) in enumerate(zip(plan.staff, sessions, strict=True))
        if session is not None
    ]
    visitors = [public_visitor(plan, targets, recorder, index, end) for index in range(plan.public_visitors)]
    await asyncio.gather(*users, *visitors, readiness_probe(plan, recorder, end), *extra)
