"""The one-way data flow between apps is the import-linter contract in pyproject.toml; `make test` runs it too."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def _lint_imports(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the virtualenv's own lint-imports with fixed arguments
        [LINT_IMPORTS, "--no-cache", "--config", str(directory / "pyproject.toml")],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_apps_keep_the_layers_contract():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_layers_contract_catches_an_import_inside_a_function(tmp_path):
    """The project's own contract, run over stand-in apps where core imports transfers inside a function."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    apps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    for app in apps["root_packages"]:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "transfers" / "importing.py").write_text("", encoding="utf-8")
    (tmp_path / "core" / "probe.py").write_text(
        "def later():\n    from transfers import importing\n\n    return importing\n", encoding="utf-8"
    )

    result = _lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "core is not allowed to import transfers" in result.stdout
    assert "core.probe -> transfers.importing (l.2)" in result.stdout
