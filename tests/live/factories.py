import datetime

import factory
from django.utils import timezone

from cms.demo import seed_site
from cms.i18n import in_default_language
from live.models import (
    EnduringActivity,
    EnduringQuestion,
    Registration,
    Series,
    SeriesIndexPage,
    SeriesPage,
    Session,
)
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


class EnduringActivityFactory(factory.django.DjangoModelFactory):
    """A recording of an ended session, open for 30 days from today, with three questions whose
    right answer is always the first (answer 1)."""

    class Meta:
        model = EnduringActivity
        skip_postgeneration_save = True

    session = factory.LazyFunction(lambda: ended(SessionFactory(recording_url="https://video.example.org/r/1")))
    hours = 1
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    pass_mark = 80

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create:
            for order in range(extracted if extracted is not None else 3):
                EnduringQuestion.objects.create(
                    activity=obj, sort_order=order, text=f"Question {order + 1}?", choices="Right\nWrong", correct=1
                )


def right_answers(activity: EnduringActivity) -> dict[int, int]:
    return {question.pk: question.correct for question in activity.questions.all()}


def series_catalogue() -> SeriesIndexPage:
    """The public catalogue page at /live/ (the demo makes it; tests that read /live/ need it)."""
    existing = in_default_language(SeriesIndexPage.objects).first()
    if existing:
        return existing
    home = seed_site(log=lambda _: None)
    return home.add_child(instance=SeriesIndexPage(title="Live clinical sessions", slug="live", intro="Join us live."))


def describe(series: Series, **fields) -> SeriesPage:
    """A published public page for `series` in the default language."""
    fields = {"title": series.title, "slug": f"series-{series.pk}", "summary": "", **fields}
    page = series_catalogue().add_child(instance=SeriesPage(series=series, **fields))
    page.save_revision().publish()
    return SeriesPage.objects.get(pk=page.pk)
