import datetime

import factory

from certificates.models import Activity
from tests.factories import FacultyFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    """An in-class course taught by one faculty member."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Paediatric airway workshop {n}")
    hours = 6
    started_on = datetime.date(2026, 10, 5)
    ended_on = datetime.date(2026, 10, 6)

    @factory.post_generation
    def faculty(obj, create, extracted, **kwargs):
        if create:
            obj.faculty.set(extracted if extracted is not None else [FacultyFactory()])
