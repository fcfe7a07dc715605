import factory
from django.core.files.base import ContentFile

from attachments.models import Attachment
from core.choices import Confidentiality
from tests.factories.relations import EngagementFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    title = factory.Sequence(lambda n: f"議事録 {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="minutes.pdf"))
    engagement = factory.SubFactory(EngagementFactory)
    confidentiality = Confidentiality.INTERNAL
