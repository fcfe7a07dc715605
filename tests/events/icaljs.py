"""Run Mozilla's ical.js (tests/js) over a feed: an independent parser, stricter than the `icalendar` package.

`parse_with_icaljs(data)` returns what tests/js/parse_ical.mjs prints: byte-level problems found (CRLF, 75-octet
lines, UTF-8 split by folding, METHOD, properties not allowed in VTIMEZONE, TZID without VTIMEZONE, missing
UID/DTSTAMP), the calendar properties, the zones and every event with its times resolved through the feed's own
VTIMEZONEs. Skips only when node is not installed; installs the locked package with `npm ci` when missing.
"""

import functools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parent.parent / "js"
SCRIPT = JS_DIR / "parse_ical.mjs"


@functools.cache
def _node() -> str:
    node = shutil.which("node")
    if node is None:
        return ""
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("node is installed but npm is not: cannot install ical.js (tests/js/package-lock.json)")
        subprocess.run(  # noqa: S603 - fixed arguments, the project's own lock file
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS_DIR, check=True
        )
    return node


def parse_with_icaljs(data: bytes) -> dict:
    node = _node()
    if not node:
        pytest.skip("node is not installed (apt-get install nodejs npm): the ical.js cross-check cannot run")
    completed = subprocess.run(  # noqa: S603 - fixed script, data on stdin
        [node, str(SCRIPT)], input=data, capture_output=True, check=True, timeout=60
    )
    return json.loads(completed.stdout)
