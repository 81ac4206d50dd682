"""The big seed: a training office with 20 partner hospitals' worth of people, on top of the
demo (run `seed_demo` first). What tests/perf/benchmark.py measures, and what every page must
cost the same at as in the demo.

Idempotent: every row it makes is marked (people at @scale.example.org, course slugs
`scale-…`, serials `SCALE-…`) and each part only adds what is missing, so running it again
changes nothing and a run cut short finishes on the next. Rows are written in bulk through the
project's models (a seed, not a workflow: no events, emails or PDFs), course pages through
Wagtail's tree. A few minutes on SQLite or PostgreSQL.

The demo's people get a share of it, so that the pages the benchmark opens as them are the big
seed's: the demo learner has 20 courses and 30 certificates, the demo course has 500 more
learners in its gradebook, the first open intake 500 applications in its pipeline."""

from datetime import timedelta
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from certificates.models import Certificate, Kind
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonProgress
from fellowships.models import Application, Intake, Status
from lms.models import Institution, User
from simulation.models import Booking, Room, Scenario, Session

DOMAIN = "scale.example.org"
PEOPLE = 10_000
COURSES = 200
LESSONS_PER_COURSE = 5
COURSES_PER_PERSON = 5  # 50,000 enrolments
GRADEBOOK_LEARNERS = 500
PIPELINE_APPLICATIONS = 500
APPLICATIONS = 3_000
SESSIONS = 670
BOOKINGS = 5_000
CERTIFICATES = 20_000
BENCH_LEARNER = "doctor@example.org"
BATCH = 2_000

FIRST = ["Aisha", "Carlos", "Mei", "Olusegun", "Priya", "Jordi", "Fatima", "Hiroshi", "Ana", "Kwame", "Lucía"]
LAST = ["Mensah", "García", "Chen", "Okafor", "Sharma", "Puig", "Haddad", "Tanaka", "Silva", "Boateng", "Rossi"]
SPECIALTIES = ["Resuscitation", "Neonatology", "Oncology", "Infection control", "Anaesthesia", "Emergency care"]


def batched(rows, size=BATCH):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


class Command(BaseCommand):
    help = "Add the big seed (10,000 people, 200 courses, 50,000 enrolments…) on top of the demo (idempotent)."

    def handle(self, *args, **options):
        if not CourseIndexPage.objects.exists() or not User.objects.filter(email=BENCH_LEARNER).exists():
            raise CommandError("Run `python manage.py seed_demo` first: the big seed goes on top of the demo.")
        self.now = timezone.now()
        for part in (self.people, self.courses, self.enrolments, self.certificates, self.applications, self.sessions):
            with transaction.atomic():
                part()
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum would gather in time: without them
            # PostgreSQL plans the first minutes' queries for the tables' earlier, tiny size.
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Big seed ready."))

    def log(self, message: str) -> None:
        self.stdout.write(message)

    def scale_people(self):
        return User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk")

    def people(self) -> None:
        have = self.scale_people().count()
        password = make_password(None)  # nobody logs in as them
        institutions = list(Institution.objects.all()[:20]) or [None]
        languages = ["en", "es", "fr", "ca"]
        rows = (
            User(
                email=f"person{n:05d}@{DOMAIN}",
                full_name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}",
                password=password,
                profession=("nurse", "doctor", "other")[n % 3],
                institution=institutions[n % len(institutions)],
                preferred_language=languages[n % len(languages)],
            )
            for n in range(have, PEOPLE)
        )
        for chunk in batched(rows):
            User.objects.bulk_create(chunk)
        self.log(f"{self.scale_people().count()} people at @{DOMAIN}")

    def courses(self) -> None:
        catalogues = CourseIndexPage.objects.order_by("depth", "path")
        catalogue = catalogues.filter(locale__language_code="en").first() or catalogues.first()
        have = CoursePage.objects.filter(slug__startswith="scale-").count()
        faculty = list(User.objects.filter(groups__name="faculty")[:3])
        for n in range(have, COURSES):
            course = catalogue.add_child(
                instance=CoursePage(
                    title=f"{SPECIALTIES[n % len(SPECIALTIES)]}: clinical update {n + 1}",
                    slug=f"scale-{n + 1:03d}",
                    summary="A short course for the international training programme.",
                    audience=("nurses", "doctors", "all")[n % 3],
                    specialty=SPECIALTIES[n % len(SPECIALTIES)],
                    language="en",
                    cpd_hours=2 + n % 6,
                    live=True,
                )
            )
            for number in range(1, LESSONS_PER_COURSE + 1):
                course.add_child(
                    instance=LessonPage(
                        title=f"Lesson {number}",
                        slug=f"lesson-{number}",
                        body=[{"type": "paragraph", "value": f"<p>Lesson {number} of the course.</p>"}],
                        live=True,
                    )
                )
            course.faculty.set(faculty)
        self.log(f"{CoursePage.objects.filter(slug__startswith='scale-').count()} scale courses")

    def enrolments(self) -> None:
        courses = list(CoursePage.objects.filter(slug__startswith="scale-").order_by("slug"))
        people = list(self.scale_people().values_list("pk", flat=True))
        wanted = []
        for i, person in enumerate(people):
            for k in range(COURSES_PER_PERSON):
                wanted.append((person, courses[(i * 7 + k * 13) % len(courses)].pk, i + k))
        demo_course = CoursePage.objects.filter(slug="paediatric-basic-life-support").first()
        if demo_course is not None:
            wanted += [(person, demo_course.pk, i) for i, person in enumerate(people[:GRADEBOOK_LEARNERS])]
        learner = User.objects.get(email=BENCH_LEARNER)
        wanted += [(learner.pk, course.pk, n) for n, course in enumerate(courses[:20])]
        existing = set(Enrolment.objects.values_list("learner_id", "course_id"))
        missing = [(person, course, n) for person, course, n in wanted if (person, course) not in existing]
        statuses = [Enrolment.Status.COMPLETED] * 2 + [Enrolment.Status.ACTIVE] * 7 + [Enrolment.Status.WITHDRAWN]
        for chunk in batched(missing):
            Enrolment.objects.bulk_create(
                [
                    Enrolment(
                        learner_id=person,
                        course_id=course,
                        status=statuses[n % len(statuses)],
                        completed_at=self.now if statuses[n % len(statuses)] == Enrolment.Status.COMPLETED else None,
                    )
                    for person, course, n in chunk
                ]
            )
        lessons: dict[int, list[int]] = {}
        for course in [*courses, *([demo_course] if demo_course else [])]:
            lessons[course.pk] = list(
                LessonPage.objects.live().descendant_of(course).order_by("path").values_list("pk", flat=True)
            )
        fresh = Enrolment.objects.filter(progress__isnull=True, course_id__in=lessons).values_list(
            "pk", "course_id", "status"
        )
        progress = (
            LessonProgress(enrolment_id=pk, lesson_id=lesson)
            for pk, course, status in fresh.iterator()
            for lesson in (lessons[course] if status == Enrolment.Status.COMPLETED else lessons[course][: pk % 4])
        )
        for chunk in batched(progress):
            LessonProgress.objects.bulk_create(chunk, ignore_conflicts=True)
        self.log(f"{Enrolment.objects.count()} enrolments, {LessonProgress.objects.count()} lessons done")

    def certificates(self) -> None:
        have = Certificate.objects.filter(serial__startswith="SCALE-").count()
        if have >= CERTIFICATES:
            self.log(f"{have} scale certificates (kept)")
            return
        enrolment_type = ContentType.objects.get_for_model(Enrolment)
        taken = set(
            Certificate.objects.filter(source_type=enrolment_type).values_list("source_id", flat=True).iterator()
        )
        enrolments = (
            Enrolment.objects.filter(learner__email=BENCH_LEARNER).select_related("learner", "course").order_by("pk")
        )
        candidates = [*enrolments, *self._enrolments_for_certificates()]
        rows = []
        for n, enrolment in enumerate(candidates):
            if str(enrolment.pk) in taken:
                continue
            if have + len(rows) >= CERTIFICATES:
                break
            rows.append(
                Certificate(
                    serial=f"SCALE-{have + len(rows) + 1:08d}",
                    recipient_id=enrolment.learner_id,
                    recipient_name=enrolment.learner.full_name,
                    kind=Kind.ONLINE_COURSE,
                    title=enrolment.course.title,
                    hours=enrolment.course.cpd_hours,
                    issuer="International Training Office",
                    issued_at=self.now - timedelta(minutes=n),
                    status=Certificate.Status.READY,
                    source_type=enrolment_type,
                    source_id=str(enrolment.pk),
                )
            )
        for chunk in batched(rows):
            Certificate.objects.bulk_create(chunk)
        self.log(f"{Certificate.objects.filter(serial__startswith='SCALE-').count()} scale certificates")

    def _enrolments_for_certificates(self):
        return (
            Enrolment.objects.filter(learner__email__endswith=f"@{DOMAIN}")
            .select_related("learner", "course")
            .only("pk", "learner_id", "learner__full_name", "course__title", "course__cpd_hours")
            .order_by("pk")
            .iterator(chunk_size=BATCH)
        )

    def applications(self) -> None:
        people = list(self.scale_people().values_list("pk", flat=True))
        intakes = list(Intake.objects.order_by("-closes_on", "pk"))
        if not intakes:
            self.log("no intakes: run seed_demo first")
            return
        have = Application.objects.filter(applicant__email__endswith=f"@{DOMAIN}").count()
        statuses = [s for s in Status.values if s != Status.DRAFT] + [Status.DRAFT, Status.SUBMITTED, Status.SUBMITTED]
        rows = []
        for n in range(have, APPLICATIONS):
            intake = intakes[0] if n < PIPELINE_APPLICATIONS else intakes[n % len(intakes)]
            status = statuses[n % len(statuses)]
            rows.append(
                Application(
                    applicant_id=people[n % len(people)],
                    intake=intake,
                    status=status,
                    current_position="Staff nurse",
                    motivation="To bring the unit's practice home to our hospital.",
                    submitted_at=None if status == Status.DRAFT else self.now - timedelta(hours=n),
                )
            )
        for chunk in batched(rows):
            Application.objects.bulk_create(chunk)
        self.log(f"{Application.objects.count()} applications")

    def sessions(self) -> None:
        scenarios, rooms = list(Scenario.objects.all()), list(Room.objects.all())
        if not scenarios or not rooms:
            self.log("no scenarios or rooms: run seed_demo first")
            return
        facilitator = User.objects.filter(groups__name="faculty").order_by("pk").first()
        missing = SESSIONS - Session.objects.count()
        start = self.now.replace(minute=0, second=0, microsecond=0)
        created = []
        for n in range(max(missing, 0)):
            starts = start + timedelta(days=n - SESSIONS // 2, hours=8 + n % 8)
            created.append(
                Session(
                    scenario=scenarios[n % len(scenarios)],
                    room=rooms[n % len(rooms)],
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=3),
                    places=8,
                )
            )
        for chunk in batched(created):
            Session.objects.bulk_create(chunk)
        through = Session.facilitators.through
        without = Session.objects.filter(facilitators__isnull=True).values_list("pk", flat=True)
        if facilitator is not None:
            through.objects.bulk_create([through(session_id=session, user_id=facilitator.pk) for session in without])
        people = list(self.scale_people().values_list("pk", flat=True))
        have = Booking.objects.filter(participant__email__endswith=f"@{DOMAIN}").count()
        sessions = list(Session.objects.order_by("starts_at").values_list("pk", "starts_at"))
        bookings = []
        for n in range(have, BOOKINGS):
            session, starts = sessions[n % len(sessions)]
            past = starts < self.now
            bookings.append(
                Booking(
                    session_id=session,
                    participant_id=people[(n * 31) % len(people)],
                    status=Booking.Status.ATTENDED if past else Booking.Status.CONFIRMED,
                )
            )
        for chunk in batched(bookings):
            Booking.objects.bulk_create(chunk, ignore_conflicts=True)
        self.log(f"{Session.objects.count()} sessions, {Booking.objects.count()} bookings")
