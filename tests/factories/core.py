import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@pref.example.jp")
    display_name = factory.Sequence(lambda n: f"職員 {n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")


def ensure_page_tree():
    """The root of Wagtail's page tree, which the staff home links to. A transactional test flushes the database,
    and with it the tree the migrations made: a browser test that runs after one finds none."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    if not Page.objects.exists():
        locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
