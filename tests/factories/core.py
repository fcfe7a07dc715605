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
