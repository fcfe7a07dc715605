from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from trust.roles import sync_roles


class Command(BaseCommand):
    help = "Create the role groups (viewer, staff, manager, editor, administrator) and re-apply their permissions."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        for name, count in sync_roles(using=database).items():
            self.stdout.write(_("%(role)s: %(count)s permissions") % {"role": name, "count": count})
