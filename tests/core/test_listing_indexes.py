"""Every listing of records that grow with the office's work is filtered and sorted from an index.

A filter or a column sort without one reads the whole table for each page (docs/adr/0003). The listings are read
from the snippet registry, so a filter or sortable column added later fails here until it has an index.
"""

import pytest
from django.db.models import ForeignKey
from wagtail.snippets.models import get_snippet_models

# Reference data the division keeps by hand: the world's countries, the strategy's measures and fiscal-year
# targets, the prefecture's few dozen ties and their commitments. Some hundred rows at most, read whole in a
# millisecond; indexes there would only slow the writes.
BOUNDED = {
    "partners.country",
    "relations.basicstrategy",
    "relations.measure",
    "relations.targetcountry",
    "relations.targetregion",
    "relations.tie",
    "relations.commitment",
}

# Filters written as a method (their query is not one column): what each reads, through indexes named here and
# checked below, and measured by the bench's "filtered by" pages.
METHOD_FILTERS = {
    ("contacts.person", "serving_country"): [("contacts.post", "person"), ("contacts.post", "end_date")],
    ("contacts.person", "current_rank"): [("contacts.post", "rank")],
    ("contacts.post", "status"): [("contacts.post", "end_date")],
    ("contacts.post", "country"): [("partners.mission", "country"), ("contacts.post", "mission")],
    ("events.gift", "to_report"): [("events.gift", "direction")],
}


def listings():
    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is None or model._meta.label_lower in BOUNDED:
            continue
        view = viewset.index_view
        yield model, view.view_class(**view.view_initkwargs)


def index_prefixes(model) -> set[tuple[str, ...]]:
    """Every leading run of columns some index of the model can be read in (its own indexes, and the one Django
    makes for each foreign key and indexed field), by field name."""
    prefixes = set()
    for index in model._meta.indexes:
        fields = tuple(name.lstrip("-") for name in index.fields)
        prefixes |= {fields[:length] for length in range(1, len(fields) + 1)}
    for field in model._meta.concrete_fields:
        if field.db_index or field.unique or isinstance(field, ForeignKey):
            prefixes.add((field.name,))
    return prefixes


def column_of(model, path: str) -> tuple[type, str]:
    """The model and field a filter path ("mission__kind") compares."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model, name


def test_every_filter_is_read_from_an_index():
    unindexed = []
    for model, view in listings():
        label = model._meta.label_lower
        for name, item in view.filterset_class.base_filters.items() if view.filterset_class else []:
            if item.method:
                assert (label, name) in METHOD_FILTERS, f"{label}: say which indexes the filter {name} reads"
                continue
            target, field_name = column_of(model, item.field_name)
            if target._meta.get_field(field_name).many_to_many:
                continue  # the link table's own foreign key indexes
            if (field_name,) not in index_prefixes(target):
                unindexed.append(f"{label}: {name}")
    assert unindexed == []


@pytest.mark.parametrize(("listing", "reads"), METHOD_FILTERS.items(), ids=lambda value: str(value))
def test_every_method_filter_reads_indexed_columns(listing, reads):
    from django.apps import apps

    for label, field_name in reads:
        assert (field_name,) in index_prefixes(apps.get_model(label)), f"{listing}: {label}.{field_name}"


def test_every_sortable_column_is_read_from_an_index_with_the_id_that_breaks_ties():
    unindexed = []
    for model, view in listings():
        for column in view.columns:
            if column.sort_key and (column.sort_key, "id") not in index_prefixes(model):
                unindexed.append(f"{model._meta.label_lower}: {column.sort_key}")
    assert unindexed == []


def test_the_listings_are_read_and_a_filter_of_each_kind_is_seen():
    """The checks above are not vacuous: they see the big listings, their method filters and sortable columns."""
    seen = {model._meta.label_lower: view for model, view in listings()}

    assert {"relations.engagement", "contacts.person", "contacts.post", "events.delegation"} <= set(seen)
    assert {label for label, _name in METHOD_FILTERS} <= set(seen)
    assert any(column.sort_key == "subject" for column in seen["relations.engagement"].columns)
