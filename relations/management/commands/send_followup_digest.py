from django.core.management.base import BaseCommand

from relations.services import send_follow_up_digests
from relations.tasks import send_follow_up_digest


class Command(BaseCommand):
    help = (
        "E-mail each staff user one digest of their overdue and due-soon follow-ups. "
        "Run it daily (cron or a scheduler); re-running on the same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the digest as a django-tasks task for a worker instead of sending it here.",
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = send_follow_up_digest.enqueue()
            self.stdout.write(f"Enqueued task {result.id}.")
            return
        result = send_follow_up_digests()
        self.stdout.write(f"Digests sent: {result.sent}; already sent today: {result.already_sent}.")
