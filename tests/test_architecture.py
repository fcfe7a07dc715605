"""The README's one-way data flow between apps, checked on every import (module level and inside functions)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _app_ranks() -> dict[str, int]:
    """From the README line "Data flows one way: `core <- trust <- ... <- reports, cms <- transfers`"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    flow = re.search(r"Data flows one way: `([^`]+)`", readme).group(1)
    return {app.strip(): rank for rank, step in enumerate(flow.split("<-")) for app in step.split(",")}


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_every_app_imports_only_from_apps_to_its_left():
    ranks = _app_ranks()
    assert {"core", "trust", "relations", "transfers"} <= set(ranks)
    against_the_flow = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for app, rank in ranks.items()
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in _imports(path)
        if ranks.get(module.split(".")[0], -1) > rank
    ]

    assert against_the_flow == []
