import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from contacts.models import Person
from partners.models import Organization
from tests.transfers.helpers import import_content
from transfers.importing import classify
from transfers.registry import get_resource
from transfers.services import export_file, preview_import
from transfers.tables import TableError, read_table

JA_HEADINGS = "姓（現地表記）,名（現地表記）,姓（ローマ字）,名（ローマ字）,国籍,メールアドレス,所属機関,役職,着任日"
MIXED_ROWS = "\n".join(
    [
        "Family name (romanized),Given name (romanized),Nationality,E-mails,Organization,Title,In post since",
        "Nguyen,Van An,VN,an@example.vn,JETRO,Adviser,2024-04-01",  # 2: good
        "Kim,Min-jun,KR,minjun@example.kr,JETRO,Director,2024/13/45",  # 3: bad date
        "Smith,John,Atlantis,john@example.com,,,",  # 4: unknown country
        ",,VN,nobody@example.vn,,,",  # 5: no name at all
        "Tran,Thi Binh,Viet Nam,binh@example.vn,,,",  # 6: good (country by English name)
        "Tran,Thi B.,VN,BINH@example.vn,,,",  # 7: same e-mail as row 6
        "Sato,Yuki,日本,yuki@example.jp,,,",  # 8: good (country by Japanese name)
    ]
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _people():
    return sorted(Person.objects.values_list("family_name_latin", flat=True))


def test_cp932_file_is_detected_and_imported(directory):
    content = f"{JA_HEADINGS}\n佐藤,花子,Sato,Hanako,JP,hanako@example.jp,JETRO,課長,2024年4月1日\n".encode("cp932")

    result = import_content("people", content)

    assert result.counts == {"new": 1, "update": 0, "skip": 0, "error": 0}
    person = Person.objects.get(family_name="佐藤")
    assert (person.given_name, person.nationality.code, [p.title for p in person.posts.all()]) == (
        "花子",
        "JP",
        ["課長"],
    )
    assert str(person.posts.get().start_date) == "2024-04-01"


def test_utf8_file_with_bom_and_japanese_headings_is_imported(directory):
    content = f"{JA_HEADINGS}\nNguyễn,Văn An,Nguyen,Van An,VN,an@example.vn,,,\n".encode("utf-8-sig")

    result = import_content("people", content)

    assert result.counts == {"new": 1, "update": 0, "skip": 0, "error": 0}
    assert Person.objects.get(family_name_latin="Nguyen").family_name == "Nguyễn"


def test_chosen_encoding_that_does_not_fit_is_a_clear_error(directory):
    content = f"{JA_HEADINGS}\n佐藤,花子,,,,,,,\n".encode("cp932")

    with pytest.raises(TableError, match="UTF-8"):
        read_table(content, encoding="utf-8")


def test_xlsx_file_is_imported_with_real_dates(directory):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Family name (romanized)", "Given name (romanized)", "Organization", "Title", "In post since"])
    sheet.append(["Lee", "Ji-woo", "JETRO", "Officer", datetime.date(2022, 9, 1)])
    output = io.BytesIO()
    workbook.save(output)

    result = import_content("people", output.getvalue(), file_name="people.xlsx")

    assert result.counts == {"new": 1, "update": 0, "skip": 0, "error": 0}
    assert str(Person.objects.get(family_name_latin="Lee").posts.get().start_date) == "2022-09-01"


def test_xlsx_export_round_trips(directory):
    first = export_file(resource_name="people", file_format="xlsx")
    Person.objects.all().delete()

    result = import_content("people", first, file_name="people.xlsx")

    assert result.counts == {"new": 2, "update": 0, "skip": 0, "error": 0}
    sheet_rows = lambda content: list(load_workbook(io.BytesIO(content)).active.values)  # noqa: E731
    assert sheet_rows(export_file(resource_name="people", file_format="xlsx")) == sheet_rows(first)


def test_mixed_file_is_refused_whole_with_every_error_listed(directory):
    before = _people()

    result = import_content("people", MIXED_ROWS.encode())

    assert result.written is False
    assert result.counts == {"new": 3, "update": 0, "skip": 0, "error": 4}
    assert {row.number: row.errors for row in result.error_rows} == {
        3: {"In post since": ["“2024/13/45” is not a date (expected YYYY-MM-DD)."]},
        4: {"Nationality": ["Unknown country “Atlantis” (use the ISO code, e.g. VN)."]},
        5: {"Family name (romanized)": ["Enter at least one name, in native script or romanized."]},
        7: {"__all__": ["Same record as row 6."]},
    }
    assert _people() == before


def test_mixed_file_imports_good_rows_and_returns_bad_rows_as_a_file(directory):
    result = import_content("people", MIXED_ROWS.encode(), good_rows_only=True)

    assert result.written is True
    assert _people() == ["Nguyen", "Pham", "Sato", "Tran", "Yamada"]
    rejected = read_table(result.rejected_file("csv"))
    assert rejected.headers[-1] == "Errors"
    assert [row[0] for row in rejected.rows] == ["Kim", "Smith", "", "Tran"]
    assert rejected.rows[0][-1] == "In post since: “2024/13/45” is not a date (expected YYYY-MM-DD)."


def test_preview_writes_no_record(directory, staff_user, django_assert_max_num_queries):
    before = (_people(), list(Organization.objects.values_list("name", flat=True)))

    record = preview_import(user=staff_user, resource_name="people", file_name="mixed.csv", content=MIXED_ROWS.encode())

    assert (record.created_count, record.error_count, record.status) == (3, 4, "previewed")
    assert (_people(), list(Organization.objects.values_list("name", flat=True))) == before


def test_reimport_of_an_unchanged_export_changes_nothing(directory):
    content = export_file(resource_name="people")
    updated_at = list(Person.objects.order_by("id").values_list("updated_at", flat=True))

    result = import_content("people", content)

    assert result.counts == {"new": 0, "update": 0, "skip": 2, "error": 0}
    assert list(Person.objects.order_by("id").values_list("updated_at", flat=True)) == updated_at


def test_skip_existing_leaves_existing_records_alone(directory):
    content = (
        b"Family name (romanized),Given name (romanized),Organization,Title\nYamada,Taro,JETRO,President\nOno,Ken,,\n"
    )

    result = import_content("people", content, skip_existing=True)

    assert result.counts == {"new": 1, "update": 0, "skip": 1, "error": 0}
    assert [post.title for post in directory["officer"].posts.all()] == ["Director"]


def test_missing_required_column_refuses_the_file(directory):
    result, planned = classify(get_resource("organizations"), read_table(b"Kind,Website\nCompany,\n"), user=None)

    assert (result.file_errors, planned) == (["Required columns are missing: Name, Country."], [])


def test_classify_queries_do_not_grow_with_rows(directory, django_assert_max_num_queries):
    rows = "\n".join(f"Person{i},Given{i},VN,p{i}@example.vn,JETRO,Officer,2024-04-01" for i in range(200))
    table = read_table((MIXED_ROWS.splitlines()[0] + "\n" + rows).encode())

    with django_assert_max_num_queries(12):
        result, _planned = classify(get_resource("people"), table, user=None)

    assert result.counts == {"new": 200, "update": 0, "skip": 0, "error": 0}


def test_field_errors_are_reported_on_every_row_that_repeats_a_bad_value(directory):
    too_long = "X" * 101
    content = "\n".join(
        [
            "Family name (romanized),Given name (romanized)",
            f"{too_long},One",
            f"{too_long},Two",
            "Fine,Three",
        ]
    ).encode()

    result, _planned = classify(get_resource("people"), read_table(content), user=None)

    message = "Ensure this value has at most 100 characters (it has 101)."
    assert [(row.number, row.status, row.errors) for row in result.rows] == [
        (2, "error", {"Family name (romanized)": [message]}),
        (3, "error", {"Family name (romanized)": [message]}),
        (4, "new", {}),
    ]
