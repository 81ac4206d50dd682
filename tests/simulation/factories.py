import datetime

import factory
from django.utils import timezone

from simulation import services
from simulation.models import ChecklistItem, Room, Scenario, Session
from tests.factories import FacultyFactory, UserFactory


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    title = factory.Sequence(lambda n: f"Neonatal resuscitation scenario {n}")
    discipline = "Neonatal resuscitation"
    audience = "nurses"
    learning_objectives = "Start ventilation within the golden minute."
    hours = 3
    validity_months = 24


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    scenario = factory.SubFactory(ScenarioFactory)
    text = factory.Sequence(lambda n: f"Checklist item {n}")
    weight = 1
    critical = False


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Sim room {n}")
    capacity = 12


class SessionFactory(factory.django.DjangoModelFactory):
    """A session three days ahead, two hours long, in its own room with one facilitator."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    scenario = factory.SubFactory(ScenarioFactory)
    room = factory.SubFactory(RoomFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    places = 12

    @factory.post_generation
    def facilitators(obj, create, extracted, **kwargs):
        if create:
            obj.facilitators.set(extracted if extracted is not None else [FacultyFactory()])


def move_into_the_past(session: Session) -> None:
    """Sessions are booked ahead; attendance needs one that has started."""
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )


def make_held_session():
    """A session that took place: a facilitator, a booked learner, one critical and one plain item.
    Returns (facilitator, booking, critical item, other item)."""
    facilitator = FacultyFactory()
    scenario = ScenarioFactory(pass_mark=70)
    critical = ChecklistItemFactory(scenario=scenario, text="Starts ventilation within 60 s", weight=3, critical=True)
    other = ChecklistItemFactory(scenario=scenario, text="Calls for help", weight=1)
    session = SessionFactory(scenario=scenario, facilitators=[facilitator])
    booking = services.book(actor=UserFactory(), session=session)
    move_into_the_past(session)
    return facilitator, booking, critical, other
