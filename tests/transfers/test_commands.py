import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from contacts.models import Person
from tests.transfers.helpers import wipe_directory
from transfers.models import ImportRecord
from transfers.tables import read_table


def test_export_then_import_commands_round_trip_the_directory(directory, tmp_path):
    files = {}
    for name in ("regions", "missions", "organizations", "people"):
        files[name] = tmp_path / f"{name}.csv"
        call_command("export_records", name, "--output", str(files[name]), "--language", "en")
    first = {name: path.read_bytes() for name, path in files.items()}
    wipe_directory()

    output = io.StringIO()
    for name, path in files.items():
        call_command("import_records", name, str(path), stdout=output)

    with translation.override("en"):
        for name in files:
            call_command("export_records", name, "--output", str(tmp_path / f"again-{name}.csv"), "--language", "en")
    assert {name: (tmp_path / f"again-{name}.csv").read_bytes() for name in files} == first
    assert ImportRecord.objects.filter(status="imported").count() == 4
    assert "Imported: new 2, update 0, skip 0, error 0" in output.getvalue()


def test_import_command_dry_run_writes_nothing(directory, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Family name (romanized),Given name (romanized)\nOno,Ken\n", encoding="cp932")
    output = io.StringIO()

    call_command("import_records", "people", str(path), "--dry-run", "--encoding", "cp932", stdout=output)

    assert output.getvalue() == "Dry run, nothing written: new 1, update 0, skip 0, error 0\n"
    assert not Person.objects.filter(family_name_latin="Ono").exists()


def test_import_command_refuses_a_file_with_errors_and_writes_the_rows_to_fix(directory, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Family name (romanized),Nationality\nOno,XX\n", encoding="utf-8")
    rejected = tmp_path / "fix.csv"

    with translation.override("en"), pytest.raises(CommandError, match="Refused, nothing written"):
        call_command("import_records", "people", str(path), "--rejected", str(rejected), stderr=io.StringIO())

    assert read_table(rejected.read_bytes()).rows == [
        ["Ono", "XX", "Nationality: Unknown country “XX” (use the ISO code, e.g. VN)."]
    ]
