import datetime

import factory
from django.utils import timezone

from cms.demo import tree_root
from cms.i18n import in_default_language
from fellowships.models import Application, Intake, ProgrammeIndexPage, ProgrammePage, RequiredDocument
from tests.factories import FacultyFactory, UserFactory


def catalogue() -> ProgrammeIndexPage:
    existing = in_default_language(ProgrammeIndexPage.objects).first()
    if existing:
        return existing
    root = tree_root()  # transactional tests flush the tree Wagtail's migrations made
    parent = root.get_children().first() or root
    return parent.add_child(instance=ProgrammeIndexPage(title="Programmes", slug="programmes"))


_counter = iter(range(1, 10**6))


def make_programme(
    *,
    programme_type="observership",
    documents=("cv", "passport"),
    faculty=None,
    sponsorship_available=True,
    **fields,
) -> ProgrammePage:
    """A published programme page under the catalogue, with its documents and faculty."""
    n = next(_counter)
    defaults = {
        "title": f"Paediatric cardiology observership {n}",
        "slug": f"programme-{n}",
        "programme_type": programme_type,
        "department": "Cardiology",
        "specialty": "Paediatric cardiology",
        "summary": "Two to four weeks alongside the paediatric cardiology team.",
        "sponsorship_available": sponsorship_available,
    }
    programme = catalogue().add_child(instance=ProgrammePage(**{**defaults, **fields}))
    for kind in documents:
        RequiredDocument.objects.create(programme=programme, kind=kind)
    programme.faculty.set(faculty if faculty is not None else [FacultyFactory()])
    programme.save_revision().publish()
    return ProgrammePage.objects.get(pk=programme.pk)


class IntakeFactory(factory.django.DjangoModelFactory):
    """Open now; starts between one and three months from today; four places."""

    class Meta:
        model = Intake

    programme = factory.LazyFunction(make_programme)
    title = factory.Sequence(lambda n: f"Intake {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    earliest_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    latest_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    places = 4


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every field filled in (documents not uploaded)."""

    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory, profession="doctor")
    intake = factory.SubFactory(IntakeFactory)
    current_position = "Paediatric resident, 3rd year"
    institution_other = "Hospital Nacional de Niños"
    start_date = factory.LazyAttribute(lambda o: o.intake.earliest_start)
    end_date = factory.LazyAttribute(lambda o: o.intake.earliest_start + datetime.timedelta(weeks=2))
    motivation = "I want to learn paediatric echocardiography to start a service at home."
    language_level = "Spanish C1"
