import factory
from django.utils import timezone

from jobs.models import Job, WorkerBeacon


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "export_everything"
    owner = factory.SubFactory("tests.factories.core.UserFactory")


class WorkerBeaconFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerBeacon

    worker_id = factory.Sequence(lambda number: f"worker-host:{4000 + number}:abcdefgh")
    host = "worker-host"
    pid = factory.Sequence(lambda number: 4000 + number)
    queue_names = factory.LazyFunction(lambda: ["*"])
    started_at = factory.LazyFunction(timezone.now)
    last_seen_at = factory.LazyFunction(timezone.now)
