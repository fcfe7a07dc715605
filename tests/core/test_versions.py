"""Cache-kept versions (core.versions): stable until moved on, and the same for every caller meanwhile."""

from django.core.cache import cache

from core import versions


def test_a_version_is_made_once_and_kept_until_moved_on():
    first = versions.current("test:version")
    again = versions.current("test:version")

    versions.move_on("test:version")
    moved = versions.current("test:version")

    assert first == again
    assert moved != first
    assert versions.current("test:other") not in (first, moved)


def test_a_version_another_process_made_first_is_the_one_used():
    cache.add("test:version", "made-elsewhere", None)

    assert versions.current("test:version") == "made-elsewhere"
