from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from jobs.worker import BeaconWorker, beacon_kept_fresh, new_worker_id


class Command(db_worker.Command):
    help = (
        "Run the task worker: django-tasks-db's db_worker (same options), which also keeps a beacon for "
        "/readyz/worker and the staff workspace and waits out database outages instead of exiting."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # db_worker's default id is 32 random characters; host:pid:random leads an operator to the process.
        # Reloading is off: a reload would cut a running task short and leave its beacon behind.
        parser.set_defaults(worker_id=None, reload=False)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, worker_id, **options):
        if reload:
            raise CommandError("task_worker does not reload on code changes; use db_worker --reload in development.")
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = BeaconWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            worker_id=worker_id or new_worker_id(),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
        )
        worker.configure_signals()
        with beacon_kept_fresh(worker):
            worker.run()
