import datetime

import factory
from django.utils import timezone

from live.models import Registration, Series, Session
from tests.factories import FacultyFactory, UserFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    """A fortnightly telematic series, one hour, 80 % needed for credit."""

    class Meta:
        model = Series
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Paediatric oncology board {n}")
    specialty = "Paediatric oncology"
    first_day = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    start_time = datetime.time(14, 0)
    time_zone = "Europe/Madrid"
    duration_minutes = 60
    recurrence = "FREQ=WEEKLY;INTERVAL=2;COUNT=4"
    video_url = "https://meet.example.org/board"
    hours = 1

    @factory.post_generation
    def faculty(obj, create, extracted, **kwargs):
        if create:
            obj.faculty.set(extracted if extracted is not None else [FacultyFactory()])


class SessionFactory(factory.django.DjangoModelFactory):
    """A session two days ahead, one hour long."""

    class Meta:
        model = Session

    series = factory.SubFactory(SeriesFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    occurrence = factory.LazyAttribute(lambda o: o.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(UserFactory)
    role = Registration.Role.PARTICIPANT


def running(session: Session, *, minutes_in: int = 10) -> Session:
    """Move the session so that it started `minutes_in` minutes ago (one hour long)."""
    starts = timezone.now() - datetime.timedelta(minutes=minutes_in)
    Session.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    session.refresh_from_db()
    return session


def ended(session: Session) -> Session:
    starts = timezone.now() - datetime.timedelta(hours=3)
    Session.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    session.refresh_from_db()
    return session
