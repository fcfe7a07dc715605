"""Migration operations of our own."""

from django.db import migrations


class AddTrigramIndexConcurrently(migrations.operations.base.Operation):
    """A pg_trgm GIN index on a text column, so `column LIKE '%term%'` (our `search_document__contains`) reads the
    index instead of the whole table; PostgreSQL only, built CONCURRENTLY so the running version keeps writing.

    It changes no model state: on SQLite nothing happens (a scan there is fast enough, and the index type does not
    exist), and a model's Meta never names an index SQLite could not rebuild. The migration holding it must set
    `atomic = False` and run `TrigramExtension()` first.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, column: str, name: str):
        self.model_name, self.column, self.name = model_name, column, name

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "column": self.column, "name": self.name}

    def state_forwards(self, app_label, state):
        pass

    def _table(self, from_state):
        app_label, model_name = self.model_name.split(".")
        return from_state.apps.get_model(app_label, model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {quote(self.name)} ON {quote(self._table(to_state))} "
            f"USING gin ({quote(self.column)} gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Create trigram index {self.name} on {self.model_name}.{self.column} (PostgreSQL)"


def _concurrently(schema_editor) -> dict:
    """CONCURRENTLY on PostgreSQL (SQLite builds and drops indexes only the plain way)."""
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


class AddIndexConcurrently(migrations.AddIndex):
    """AddIndex built CONCURRENTLY on PostgreSQL, so the running version keeps writing to a big table while it is
    built; a plain CREATE INDEX on SQLite. The migration holding it must set `atomic = False`."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


class RemoveIndexConcurrently(migrations.RemoveIndex):
    """RemoveIndex dropped CONCURRENTLY on PostgreSQL (a plain DROP INDEX waits for, and then blocks, every query
    on the table); a plain DROP INDEX on SQLite. The migration holding it must set `atomic = False`."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._change(schema_editor.remove_index, app_label, schema_editor, from_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._change(schema_editor.add_index, app_label, schema_editor, to_state)

    def _change(self, change, app_label, schema_editor, state):
        """Drop or build the index as `state`, the state that has it, defines it."""
        model = state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            change(model, index, **_concurrently(schema_editor))
