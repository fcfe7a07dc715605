from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The first users of the job API; other apps register their kinds in their own ready().
        from django_tasks.signals import task_finished, task_started

        from core.health import register_queue_info
        from jobs import kinds  # noqa: F401
        from jobs.health import queue_workers_info
        from jobs.leases import drop_lease, take_lease

        task_started.connect(take_lease, dispatch_uid="jobs.take_lease")
        task_finished.connect(drop_lease, dispatch_uid="jobs.drop_lease")
        register_queue_info(queue_workers_info)
