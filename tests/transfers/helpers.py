"""Helpers shared by the resource tests of every app."""

from django.utils import translation

from contacts.models import Person
from partners.models import Mission, Organization, PartnerRegion
from transfers.services import export_file, import_file

ORDER = ["regions", "missions", "organizations", "people"]


def wipe_directory():
    """Empty every table a directory export covers (people first: posts protect missions and organizations)."""
    Person.objects.all().delete()
    Mission.objects.update(parent=None)
    Mission.objects.all().delete()
    Organization.objects.all().delete()
    PartnerRegion.objects.all().delete()


def import_content(name, content, *, file_name="file.csv", **options):
    _record, result = import_file(user=None, resource_name=name, file_name=file_name, content=content, **options)
    return result


def round_trip(names, *, wipe=wipe_directory, file_format="csv", language="en"):
    """Export `names`, wipe, import the files, export again: return (first files, second files, import results)."""
    with translation.override(language):
        first = {name: export_file(resource_name=name, file_format=file_format) for name in names}
        wipe()
        results = {name: import_content(name, first[name], file_name=f"{name}.{file_format}") for name in names}
        second = {name: export_file(resource_name=name, file_format=file_format) for name in names}
    return first, second, results
