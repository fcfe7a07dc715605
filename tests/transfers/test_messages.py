"""Every message an import can show is translated in the catalogue of the app whose code defines it, so an app's
catalogue is complete on its own (no message borrowed from the transfers catalogue)."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
IMPORT_MODULES = [
    "core/resources.py",
    "partners/resources.py",
    "contacts/resources.py",
    "relations/resources.py",
    "events/resources.py",
    "transfers/importing.py",
    "transfers/tables.py",
    "transfers/limits.py",
    "transfers/xlsx.py",
    "transfers/forms.py",
]


def _messages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT_NAMES
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("module", IMPORT_MODULES)
def test_import_messages_are_translated_in_their_own_app_catalogue(module):
    path = Path(settings.BASE_DIR) / module
    app = module.split("/")[0]
    with (Path(settings.BASE_DIR) / app / "locale/ja/LC_MESSAGES/django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog

    untranslated = sorted(message for message in _messages(path) if not catalogue.get(message))

    assert untranslated == []


def test_core_catalogue_alone_translates_a_date_error():
    with (Path(settings.BASE_DIR) / "core/locale/ja/LC_MESSAGES/django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    assert catalogue.gettext("“%(value)s” is not a date (expected YYYY-MM-DD).") != (
        "“%(value)s” is not a date (expected YYYY-MM-DD)."
    )
