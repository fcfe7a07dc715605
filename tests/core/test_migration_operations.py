import pytest
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from core.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently

NAME = "test_gift_item_probe"


def gift_indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "events_gift"))


def run(operation, direction, from_state, to_state) -> list[str]:
    """Apply or unapply the operation as the migration executor does (unapplying goes from the state after it)."""
    with CaptureQueriesContext(connection) as queries, connection.schema_editor(atomic=False) as editor:
        getattr(operation, f"database_{direction}")("events", editor, from_state, to_state)
    return [query["sql"] for query in queries.captured_queries if "INDEX" in query["sql"].upper()]


@pytest.mark.django_db(transaction=True)
def test_an_index_is_built_and_dropped_concurrently_and_back():
    add = AddIndexConcurrently("gift", models.Index(fields=["item", "id"], name=NAME))
    remove = RemoveIndexConcurrently("gift", NAME)
    start = MigrationLoader(connection).project_state()
    with_index = start.clone()
    add.state_forwards("events", with_index)
    without = with_index.clone()
    remove.state_forwards("events", without)
    concurrently = connection.vendor == "postgresql"

    built = run(add, "forwards", start, with_index)
    assert NAME in gift_indexes()
    dropped = run(remove, "forwards", with_index, without)
    assert NAME not in gift_indexes()
    rebuilt = run(remove, "backwards", without, with_index)
    assert NAME in gift_indexes()
    run(add, "backwards", with_index, start)
    assert NAME not in gift_indexes()

    assert [("CONCURRENTLY" in sql) for sql in built + dropped + rebuilt] == [concurrently] * 3
    assert "DROP INDEX" in dropped[0].upper()
    assert NAME not in [index.name for index in without.models["events", "gift"].options["indexes"]]
