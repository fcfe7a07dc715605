import factory

from jobs.models import Job


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "export_everything"
    owner = factory.SubFactory("tests.factories.core.UserFactory")
