import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jobs.services import (
    DEFAULT_REQUEUE_AFTER,
    DEFAULT_STALE_AFTER,
    prune_worker_beacons,
    reap_stale_jobs,
    reap_stale_tasks,
)


class Command(BaseCommand):
    help = (
        "Resume (from their checkpoint) or cleanly fail jobs whose worker stopped sending heartbeats; "
        "re-enqueue queued jobs that never started; requeue (if safe to repeat) or fail tasks of the database queue "
        "whose worker died mid-task; delete the beacons of task workers that died. With --every, keep doing it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Seconds between passes; 0 runs one pass.")
        parser.add_argument(
            "--stale-after",
            type=float,
            default=DEFAULT_STALE_AFTER.total_seconds(),
            help="Seconds without a heartbeat after which a running job's (or task's) worker is taken to be dead.",
        )
        parser.add_argument(
            "--requeue-after", type=float, default=DEFAULT_REQUEUE_AFTER.total_seconds(), help="Seconds."
        )

    def handle(self, *args, every, stale_after, requeue_after, **options):
        if stale_after <= 0 or every < 0:
            raise CommandError("--stale-after must be positive and --every zero or positive.")
        while True:
            try:
                resumed, failed, requeued = reap_stale_jobs(
                    stale_after=timedelta(seconds=stale_after), requeue_after=timedelta(seconds=requeue_after)
                )
                tasks_requeued, tasks_failed = reap_stale_tasks(stale_after=timedelta(seconds=stale_after))
                beacons = prune_worker_beacons(stale_after=timedelta(seconds=stale_after))
                if any((resumed, failed, requeued, tasks_requeued, tasks_failed, beacons)) or options["verbosity"] > 1:
                    self.stdout.write(
                        f"resumed {[job.pk for job in resumed]} failed {[job.pk for job in failed]} "
                        f"requeued {[job.pk for job in requeued]}; tasks requeued {tasks_requeued} "
                        f"failed {tasks_failed}; worker beacons pruned {beacons}"
                    )
            except DatabaseError as error:
                if not every:
                    raise
                # PostgreSQL restarting: try again on the next pass rather than dying.
                self.stderr.write(f"reaper pass skipped: {error}")
                from django.db import connections

                connections.close_all()
            if not every:
                return
            time.sleep(every)
