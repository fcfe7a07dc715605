"""core.resources.insert_rows: the import's bulk writer (typed column arrays on PostgreSQL, executemany elsewhere)."""

import datetime

import pytest

from contacts.models import Person
from core import resources
from core.resources import insert_rows
from jobs.models import Job
from partners.models import Country, Mission

pytestmark = pytest.mark.django_db


def test_returns_the_new_keys_in_the_order_of_the_rows():
    japan = Country.objects.get(code="JP")
    rows = [{"family_name_latin": f"Family{n}", "given_name": "名" * (n % 3), "nationality_id": japan.pk}
            for n in range(7)]  # fmt: skip

    keys = insert_rows(Person, rows, returning_pk=True)

    assert len(set(keys)) == len(keys) == 7
    stored = dict(Person.objects.filter(pk__in=keys).values_list("pk", "family_name_latin"))
    assert [stored[key] for key in keys] == [f"Family{n}" for n in range(7)]


def test_batches_keep_every_row_and_the_key_order(monkeypatch):
    monkeypatch.setattr(resources, "_UNNEST_BATCH", 3)

    keys = insert_rows(Person, [{"family_name_latin": f"Batch{n}"} for n in range(8)], returning_pk=True)

    stored = dict(Person.objects.filter(pk__in=keys).values_list("pk", "family_name_latin"))
    assert [stored[key] for key in keys] == [f"Batch{n}" for n in range(8)]


def test_defaults_json_dates_nulls_and_long_text_are_stored_as_given():
    viet_nam = Country.objects.get(code="VN")
    address = "千代田区" + "x" * 5000  # a TextField: no length limit to fall foul of
    insert_rows(
        Mission,
        [
            {"name": "Embassy A", "country_id": viet_nam.pk, "address": address,
             "emails": [{"label": "work", "address": "a@example.org"}]},
            {"name": "Embassy B", "country_id": viet_nam.pk, "parent_id": None},
        ],
    )  # fmt: skip
    first, second = Mission.objects.filter(name__startswith="Embassy ").order_by("name")
    assert first.address == address
    assert first.emails == [{"label": "work", "address": "a@example.org"}]
    assert (second.emails, second.city, second.parent_id) == ([], "Tokyo", None)

    insert_rows(Job, [{"kind": "export", "params": {"since": "2026-04-01"}, "checkpoint": {}}])
    job = Job.objects.get(kind="export")
    assert job.params == {"since": "2026-04-01"}
    assert isinstance(job.created_at, datetime.datetime)


def test_no_rows_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(Person, [], returning_pk=True) == []
        assert insert_rows(Person, []) is None
