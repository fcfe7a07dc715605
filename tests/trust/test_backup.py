import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.log_actions import log

from partners.models import Country, PartnerRegion
from tests.factories.core import UserFactory
from trust.backup import excluded_labels


def everything(tmp_path, name):
    """The whole database as Django serialises it, as a sorted list: equal lists mean the same data."""
    path = tmp_path / f"{name}.json"
    call_command("dumpdata", exclude=excluded_labels(), output=str(path), verbosity=0)
    return sorted(json.dumps(row, sort_keys=True) for row in json.loads(path.read_text(encoding="utf-8")))


def media_files():
    from trust.backup import _storage_files

    return {name: default_storage.open(name).read() for name in _storage_files(default_storage)}


@pytest.mark.django_db
def test_backup_restore_round_trip_brings_back_the_same_data(tmp_path):
    author = UserFactory(username="yamada", display_name="山田 太郎")
    author.groups.add(Group.objects.get(name="Managers"))
    region = PartnerRegion.objects.create(
        name="Gyeonggi Province",
        name_ja="京畿道",
        slug="gyeonggi",
        country=Country.objects.get(code="KR"),
        notes="覚書",
    )
    log(region, "wagtail.create", user=author)
    default_storage.save("documents/協定書.txt", ContentFile("姉妹都市協定\n".encode()))
    before, media_before = everything(tmp_path, "before"), media_files()

    call_command("backup_kizuna", output=str(tmp_path / "backup"), stdout=open("/dev/null", "w"))
    region.delete()
    author.delete()
    PartnerRegion.objects.create(name="Damage", slug="damage", country=Country.objects.get(code="VN"))
    default_storage.delete("documents/協定書.txt")
    default_storage.save("documents/stray.txt", ContentFile(b"stray"))
    call_command("restore_kizuna", str(tmp_path / "backup"), interactive=False, stdout=open("/dev/null", "w"))

    after = everything(tmp_path, "after")
    restores = [row for row in after if '"action": "trust.restore"' in row]
    assert len(restores) == 1  # one entry for the restore, no "edited" entry for each loaded link
    assert [row for row in after if row not in restores] == before
    assert {name: content for name, content in media_files().items() if name in media_before} == media_before
    assert PartnerRegion.objects.get(slug="gyeonggi").notes == "覚書"


@pytest.mark.django_db
def test_backup_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "old.txt").write_text("x")

    with pytest.raises(CommandError, match="not empty"), translation.override("en"):
        call_command("backup_kizuna", output=str(tmp_path))


@pytest.mark.django_db
def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    call_command("backup_kizuna", output=str(tmp_path / "backup"), stdout=open("/dev/null", "w"))
    database = Path(tmp_path / "backup" / "database.json")
    database.write_text(database.read_text(encoding="utf-8").replace("Viet Nam", "Tampered"), encoding="utf-8")
    count = Country.objects.count()

    with pytest.raises(CommandError, match="damaged"), translation.override("en"):
        call_command("restore_kizuna", str(tmp_path / "backup"), interactive=False)

    assert Country.objects.count() == count
