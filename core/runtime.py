"""What a server process does once, after loading the application and before serving requests."""

import gc


def settle() -> None:
    """Load every URL pattern (and so every app's views and Wagtail's admin), then freeze the garbage collector's
    view of everything loaded so far (`gc.freeze`).

    The loaded application is some hundreds of thousands of long-lived objects. Python's full collections walk
    all of them: one request in eight to fifteen paid 130-200 ms for it on the benchmark machine (a 140 ms edit
    page took 295 ms; the mission listing's p95 was 370-495 ms against a median of 100-140 ms). Frozen objects
    are never walked (nor freed: they live as long as the process anyway), and copy-on-write pages stay shared.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imported for its side effect: every urlconf and view module
    gc.freeze()
