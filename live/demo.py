"""Demo live training: a fortnightly paediatric oncology tumour board with two partner
hospitals (two past sessions with cases, attendance imported from a video report and issued
certificates, the last one's recording open for credit; future ones open for registration)
and a weekly in-class nursing series.

Past sessions are closed to registration, so their registrations and cases are written
directly, as history; attendance, corrections and credit then go through the services."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates.credit import CreditSystem
from certificates.demo import NATIONAL_BODY
from cms.i18n import in_default_language
from cms.models import HomePage
from lms.models import Institution

from . import services
from .models import (
    Case,
    EnduringActivity,
    EnduringCredit,
    EnduringQuestion,
    Mode,
    Registration,
    Series,
    SeriesCredit,
    SeriesIndexPage,
    SeriesPage,
)

CATALOGUE_INTRO = (
    "Regular clinical sessions with our specialists, online or in class: short teaching, then cases from "
    "partner hospitals discussed with the experts. Attend, check in with the session's code and claim your credit."
)
SERIES_SLUGS = {
    "Paediatric oncology tumour board": "paediatric-oncology-tumour-board",
    "Paediatric nursing clinical session": "paediatric-nursing-clinical-session",
}


def describe_series() -> None:
    """The public catalogue (/live/) and a page for each demo series, written in English and
    translated by cms.demo_translations like the other catalogues. Runs again without changes."""
    catalogue = in_default_language(SeriesIndexPage.objects).first()
    if catalogue is None:
        home = in_default_language(HomePage.objects).first()
        catalogue = home.add_child(
            instance=SeriesIndexPage(title="Live clinical sessions", slug="live", intro=CATALOGUE_INTRO)
        )
    for series in Series.objects.filter(title__in=list(SERIES_SLUGS)):
        if SeriesPage.objects.filter(series=series).exists():
            continue
        page = catalogue.add_child(
            instance=SeriesPage(
                title=series.title,
                slug=SERIES_SLUGS[series.title],
                series=series,
                specialty=series.specialty,
                summary=series.summary,
            )
        )
        page.save_revision().publish()


def _offer_recording(session, *, today: datetime.date) -> None:
    """The last past session's recording, open for credit for 90 days to those who missed it."""
    session.recording_url = "https://video.example.org/itc/paediatric-oncology-board/recording"
    session.save(update_fields=["recording_url"])
    activity = EnduringActivity.objects.create(
        session=session,
        summary="The teaching part of the board and the case discussion, 55 minutes.",
        hours=Decimal("1.00"),
        opens_on=today,
        closes_on=today + datetime.timedelta(days=90),
        pass_mark=80,
    )
    EnduringCredit.objects.create(
        activity=activity, system=CreditSystem.CPD_HOURS, amount=Decimal("1"), accrediting_body=NATIONAL_BODY
    )
    for order, (text, choices, correct) in enumerate(
        [
            ("When is febrile neutropenia treated?", "Within one hour of arrival\nAfter the blood culture result", 1),
            ("Which first antibiotic was recommended?", "Oral amoxicillin\nA broad-spectrum beta-lactam", 2),
            ("What comes before discharge?", "48 hours without fever and a rising count\nOne normal temperature", 1),
        ]
    ):
        EnduringQuestion.objects.create(
            activity=activity, sort_order=order, text=text, choices=choices, correct=correct
        )


def seed_live(*, people: dict, log: Callable[[str], None]) -> None:
    if Series.objects.exists():
        describe_series()
        log(f"{Series.objects.count()} live series (kept)")
        return
    coordinator = people["coordinator@example.org"]
    faculty, faculty2 = people["faculty@example.org"], people["faculty2@example.org"]
    doctor, nurse = people["doctor@example.org"], people["nurse@example.org"]
    learners = [people[f"learner{n:02d}@example.org"] for n in range(1, 41)]
    today = timezone.localdate()

    oncology = Series.objects.create(
        title="Paediatric oncology tumour board",
        specialty="Paediatric oncology",
        summary="Fortnightly telematic session: short teaching, then de-identified cases from partner hospitals "
        "discussed with our oncologists, radiologists and surgeons.",
        language="en",
        mode=Mode.TELEMATIC,
        first_day=today - datetime.timedelta(days=28),
        start_time=datetime.time(14, 0),
        time_zone="Europe/Madrid",
        duration_minutes=60,
        recurrence="FREQ=WEEKLY;INTERVAL=2;COUNT=10",
        video_url="https://meet.jit.si/itc-paediatric-oncology-board",
        dial_in="+34 932 00 00 00, PIN 4412#",
        hours=Decimal("1.00"),
        attendance_threshold=80,
        case_retention_days=30,
    )
    oncology.faculty.set([faculty, faculty2])
    oncology.institutions.set(
        Institution.objects.filter(name__in=["Kenyatta National Hospital", "Tikur Anbessa Specialized Hospital"])
    )
    SeriesCredit.objects.create(
        series=oncology, system=CreditSystem.CPD_HOURS, amount=Decimal("1"), accrediting_body=NATIONAL_BODY
    )
    sessions = services.generate_sessions(actor=coordinator, series=oncology)
    past = [session for session in sessions if session.ends_at < timezone.now()]
    attendees = [doctor, *learners[:6]]
    for number, session in enumerate(past):
        session.topic = ("Wilms tumour: when to operate first", "Febrile neutropenia in low-resource settings")[
            number % 2
        ]
        session.save(update_fields=["topic"])
        registrations = [
            Registration.objects.create(
                session=session,
                person=person,
                role=Registration.Role.PRESENTER if person == doctor else Registration.Role.PARTICIPANT,
            )
            for person in attendees
        ]
        Case.objects.create(
            session=session,
            presenter=doctor,
            age_band=Case.AgeBand.CHILD,
            sex=Case.Sex.FEMALE,
            presenting_problem="Abdominal mass found by the mother, painless, growing over three weeks.",
            history="No haematuria. Blood pressure 118/76, above the 95th centile for age.",
            investigations="Ultrasound: 9 cm solid renal mass, no thrombus in the IVC. Chest X-ray clear.",
            management="Started on vincristine and actinomycin D per SIOP protocol, week 2.",
            question="Surgery after four weeks of chemotherapy, or earlier given the response?",
            recommendations="Complete four weeks of pre-operative chemotherapy, then image again; "
            "nephrectomy with lymph node sampling. Send the pathology for central review.",
            recommended_by=faculty,
            status=Case.Status.DISCUSSED,
            erase_after=session.ends_at + datetime.timedelta(days=30),
        )
        start = timezone.localtime(session.starts_at, ZoneInfo(oncology.time_zone))
        rows = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"]
        for index, registration in enumerate(registrations):
            joined = start + datetime.timedelta(minutes=2 if index != 3 else 30)  # one joined late
            left = start + datetime.timedelta(minutes=58)
            rows.append(
                f"{registration.person.full_name},{registration.person.email},"
                f"{joined:%m/%d/%Y %I:%M:%S %p},{left:%m/%d/%Y %I:%M:%S %p},56"
            )
        rows.append(f"Guest,guest.kigali@example.net,{start:%m/%d/%Y %I:%M:%S %p},{start:%m/%d/%Y %I:%M:%S %p},0")
        report = SimpleUploadedFile("participants.csv", "\n".join(rows).encode(), content_type="text/csv")
        services.import_video_report(actor=coordinator, session=session, upload=report)
        late = registrations[3]
        services.adjust_attendance(
            actor=coordinator,
            registration=late,
            minutes=55,
            reason="Joined by phone at the start; the video report shows only the video connection.",
        )
        for registration in registrations[:3]:
            services.evaluate_and_claim(
                actor=registration.person, registration=registration, relevance=5, change_practice="yes"
            )
    if past:
        _offer_recording(past[-1], today=today)
    upcoming = [session for session in sessions if session.ends_at > timezone.now()]
    for session in upcoming[:2]:
        for person in learners[6:10]:
            services.register(actor=person, session=session)

    nursing = Series.objects.create(
        title="Paediatric nursing clinical session",
        specialty="Paediatric nursing",
        summary="Weekly in-class session for nurses: a case from the wards, discussed with the nurse educators.",
        language="es",
        mode=Mode.IN_CLASS,
        first_day=today + datetime.timedelta(days=3),
        start_time=datetime.time(8, 15),
        time_zone="Europe/Madrid",
        duration_minutes=45,
        recurrence="FREQ=WEEKLY;COUNT=8",
        room="Aula 3, Edificio Docente",
        places=24,
        hours=Decimal("0.75"),
    )
    nursing.faculty.set([faculty2])
    nursing_sessions = services.generate_sessions(actor=coordinator, series=nursing)
    services.register(actor=nurse, session=nursing_sessions[0])
    describe_series()
    log(f"{Series.objects.count()} live series, {len(sessions) + len(nursing_sessions)} live sessions")
