"""Rows for report tests, written directly with the dates a test needs: reports read history
(a placement that started in 2024, an event in March), which the services would stamp with now."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from certificates.models import Certificate, CertificateCredit, Kind
from courses.models import Enrolment, LessonPage, QuizAttempt
from fellowships.models import Application, Intake, Placement, Status
from lms.models import AuditEvent, User
from simulation.models import Booking, Scenario
from tests.factories import UserFactory
from tests.fellowships.factories import ApplicationFactory
from tests.simulation.factories import SessionFactory

_serials = itertools.count(1)


def at(year: int, month: int = 3, day: int = 1, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def placement(
    *,
    intake: Intake,
    applicant: User | None = None,
    year: int = 2025,
    status: str = Status.IN_PROGRESS,
    **application_fields,
) -> Placement:
    """A placement starting on 1 March of `year`, its application in `status`."""
    application = ApplicationFactory(
        intake=intake,
        applicant=applicant or UserFactory(),
        status=status,
        submitted_at=at(year - 1, 10),
        **application_fields,
    )
    start = datetime.date(year, 3, 1)
    return Placement.objects.create(
        application=application, department="Cardiology", starts_on=start, ends_on=start + datetime.timedelta(weeks=2)
    )


def submitted(*, intake: Intake, on: datetime.datetime, **fields) -> Application:
    return ApplicationFactory(intake=intake, status=Status.SUBMITTED, submitted_at=on, **fields)


def event(application: Application, move: str, on: datetime.datetime) -> AuditEvent:
    """The audit row the workflow writes for `move` ("submit", "accept"...)."""
    return AuditEvent.objects.create(
        verb=f"application.{move}", target_type="fellowships.application", target_id=str(application.pk), at=on
    )


def enrolment(*, course, year: int = 2025, completed: bool = False, quizzes: tuple[bool, ...] = ()) -> Enrolment:
    """An enrolment begun in `year`, with one quiz attempt per entry of `quizzes` (passed or not)."""
    row = Enrolment.objects.create(
        learner=UserFactory(),
        course=course,
        status=Enrolment.Status.COMPLETED if completed else Enrolment.Status.ACTIVE,
        completed_at=at(year, 6) if completed else None,
    )
    Enrolment.objects.filter(pk=row.pk).update(enrolled_at=at(year))
    lesson = LessonPage.objects.descendant_of(course).first()
    for number, passed in enumerate(quizzes, start=1):
        QuizAttempt.objects.create(
            enrolment=row,
            lesson=lesson,
            block_id="quiz",
            number=number,
            questions=[],
            answers=[],
            score=90 if passed else 20,
            passed=passed,
        )
    return row


def assessment(*, scenario: Scenario, passed: bool, year: int = 2025) -> Booking:
    session = SessionFactory(scenario=scenario, starts_at=at(year), ends_at=at(year, hour=14))
    return Booking.objects.create(
        session=session,
        participant=UserFactory(),
        status=Booking.Status.ATTENDED,
        result=Booking.Result.PASSED if passed else Booking.Result.FAILED,
    )


def certificate(
    *,
    recipient: User | None = None,
    kind: str = Kind.ONLINE_COURSE,
    year: int = 2025,
    status: str = Certificate.Status.READY,
    hours: Decimal | None = Decimal("4"),
    credits: dict[str, Decimal] | None = None,
) -> Certificate:
    """A certificate issued in `year` for a source of its own, with credit per system."""
    n = next(_serials)
    recipient = recipient or UserFactory()
    row = Certificate.objects.create(
        serial=f"T-{n:06d}",
        recipient=recipient,
        recipient_name=recipient.full_name,
        kind=kind,
        title=f"Activity {n}",
        hours=hours,
        issuer="International Training Office",
        issued_at=at(year),
        status=status,
        source_type=ContentType.objects.get_for_model(User),
        source_id=str(n),
    )
    for system, amount in (credits or {}).items():
        CertificateCredit.objects.create(certificate=row, system=system, designated=amount)
    return row


def live_session(
    *, series=None, year: int = 2025, present: tuple[User, ...] = (), absent: tuple[User, ...] = (), cases: int = 0
):
    """A live session held in spring of `year`: `present` attended 50 minutes (each with an
    issued certificate), `absent` registered and never came, and `cases` cases presented."""
    from live.models import Case, Registration
    from tests.live.factories import SessionFactory as LiveSessionFactory

    starts = at(year) + datetime.timedelta(hours=next(_serials))  # one occurrence per session
    session = LiveSessionFactory(
        **({"series": series} if series else {}),
        starts_at=starts,
        occurrence=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    for person in present:
        registration = Registration.objects.create(session=session, person=person, minutes_attended=50)
        Certificate.objects.create(
            serial=f"T-{next(_serials):06d}",
            recipient=person,
            recipient_name=person.full_name,
            kind=Kind.LIVE_SESSION,
            title=str(session.series),
            issuer="International Training Office",
            issued_at=starts + datetime.timedelta(days=1),
            status=Certificate.Status.READY,
            source_type=ContentType.objects.get_for_model(Registration),
            source_id=str(registration.pk),
        )
    for person in absent:
        Registration.objects.create(session=session, person=person)
    for _ in range(cases):
        Case.objects.create(
            session=session,
            presenter=present[0] if present else UserFactory(),
            age_band="5-9y",
            sex="female",
            presenting_problem="Abdominal mass.",
            question="Surgery now?",
            erase_after=starts + datetime.timedelta(days=30),
        )
    return session
