"""The release step runs `collectstatic` with the manifest storage, which refuses a file that references a missing
one (a vendored library's source map, typically): the whole deploy would stop there."""

import re

from django.contrib.staticfiles import finders

SOURCE_MAP = re.compile(r"sourceMappingURL=(\S+?)\s*(?:\*/)?\s*$", re.MULTILINE)


def test_every_source_map_a_static_file_names_exists():
    missing = []
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns=None):
            if not path.endswith((".js", ".css")) or "site-packages" in str(storage.location):
                continue
            with storage.open(path) as handle:
                text = handle.read().decode("utf-8", errors="replace")
            for reference in SOURCE_MAP.findall(text):
                folder = path.rsplit("/", 1)[0] if "/" in path else ""
                target = f"{folder}/{reference}" if folder else reference
                if not reference.startswith("data:") and not storage.exists(target):
                    missing.append(f"{path} -> {reference}")

    assert missing == []
