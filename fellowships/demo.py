"""Demo residential training: a programme catalogue with the three types in four departments,
open intakes, and applications in every status, from a draft to a completed placement with its
certificate.

Applications for the past intake are written directly (start_application refuses closed
intakes) and then moved through the services like any other, so their history is real.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.demo_covers import demo_cover
from cms.i18n import in_default_language
from cms.models import HomePage

from . import services
from .models import Application, Intake, ProgrammeIndexPage, ProgrammePage, RequiredDocument, Status


def demo_pdf() -> bytes:
    """A one-page A4 PDF written by pypdf: it passes the upload policy and opens in any viewer."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PROGRAMMES = [
    {
        "title": "Paediatric oncology observership",
        "slug": "paediatric-oncology-observership",
        "programme_type": "observership",
        "department": "Paediatric oncology",
        "specialty": "Haematology and oncology",
        "summary": "Two to four weeks with the paediatric oncology team: ward rounds, tumour boards, day hospital.",
        "open_to_nurses": True,
        "language_requirement": "Spanish or English B2",
        "sponsorship_available": True,
        "documents": ["cv", "motivation_letter", "licence", "passport"],
        "faculty": ["faculty@example.org"],
    },
    {
        "title": "Paediatric cardiology training fellowship",
        "slug": "paediatric-cardiology-training-fellowship",
        "programme_type": "training_fellowship",
        "department": "Cardiology",
        "specialty": "Paediatric cardiology and echocardiography",
        "summary": "Three to six months of hands-on echocardiography and the congenital heart disease clinic.",
        "open_to_nurses": False,
        "language_requirement": "Spanish B2",
        "sponsorship_available": True,
        "documents": [
            "cv",
            "motivation_letter",
            "recommendation_letter",
            "licence",
            "passport",
            "language_certificate",
        ],
        "faculty": ["faculty2@example.org", "faculty@example.org"],
    },
    {
        "title": "Paediatric intensive care fellowship",
        "slug": "paediatric-intensive-care-fellowship",
        "programme_type": "fellowship",
        "department": "Intensive care",
        "specialty": "Paediatric critical care",
        "summary": "Eighteen to twenty-four months in the paediatric ICU, with research time and simulation teaching.",
        "open_to_nurses": False,
        "language_requirement": "Spanish C1",
        "sponsorship_available": False,
        "documents": ["cv", "motivation_letter", "recommendation_letter", "licence", "passport", "vaccination_record"],
        "faculty": ["faculty@example.org"],
    },
    {
        "title": "Paediatric nursing observership",
        "slug": "paediatric-nursing-observership",
        "programme_type": "observership",
        "department": "Nursing",
        "specialty": "Paediatric nursing",
        "summary": "One to three weeks alongside our nurses on the wards, the emergency department and neonatology.",
        "open_to_doctors": False,
        "open_to_nurses": True,
        "open_to_other": True,
        "language_requirement": "Spanish, English or French B1",
        "sponsorship_available": True,
        "documents": ["cv", "passport", "vaccination_record"],
        "faculty": ["faculty2@example.org"],
    },
]


def _catalogue() -> ProgrammeIndexPage:
    existing = in_default_language(ProgrammeIndexPage.objects).first()
    if existing:
        return existing
    home = in_default_language(HomePage.objects).first()
    return home.add_child(
        instance=ProgrammeIndexPage(
            title="Observerships and fellowships",
            slug="programmes",
            intro="Train with our teams for a few weeks, a few months or more than a year.",
        )
    )


def _programme(spec: dict, catalogue: ProgrammeIndexPage, people: dict) -> ProgrammePage:
    existing = in_default_language(ProgrammePage.objects).filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k not in ("documents", "faculty")}
    fields["cover_image"] = demo_cover(slug=spec["slug"], title=spec["title"])
    programme = catalogue.add_child(instance=ProgrammePage(**fields))
    for kind in spec["documents"]:
        RequiredDocument.objects.create(programme=programme, kind=kind)
    programme.faculty.set([people[email] for email in spec["faculty"]])
    programme.save_revision().publish()
    return ProgrammePage.objects.get(pk=programme.pk)


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _application(intake: Intake, person, *, weeks: int, people: dict) -> Application:
    application = Application.objects.create(
        applicant=person,
        intake=intake,
        current_position="Paediatric resident" if person.profession == "doctor" else "Paediatric nurse",
        institution=person.institution,
        institution_other="" if person.institution_id else "District hospital",
        start_date=intake.earliest_start,
        end_date=intake.earliest_start + datetime.timedelta(weeks=weeks),
        motivation="I want to bring what I learn here back to our children's ward.",
        language_level="Spanish B2",
    )
    for kind in intake.programme.required_document_kinds():
        upload = SimpleUploadedFile(f"{kind}.pdf", demo_pdf(), content_type="application/pdf")
        services.add_document(actor=person, application=application, kind=kind, upload=upload)
    return application


def seed_fellowships(*, people: dict, log: Callable[[str], None]) -> None:
    catalogue = _catalogue()
    programmes = [_programme(spec, catalogue, people) for spec in PROGRAMMES]
    if Intake.objects.exists():
        log(f"{len(programmes)} programmes, {Application.objects.count()} applications (kept)")
        return
    coordinator = people["coordinator@example.org"]
    oncology, cardiology, icu, nursing = programmes
    current = {
        programme: Intake.objects.create(
            programme=programme,
            title="2027 intake",
            opens_on=_days(-30),
            closes_on=_days(45),
            earliest_start=_days(75),
            latest_start=_days(200),
            places=4,
        )
        for programme in programmes
    }
    past = Intake.objects.create(
        programme=oncology,
        title="Autumn 2026",
        opens_on=_days(-200),
        closes_on=_days(-120),
        earliest_start=_days(-40),
        latest_start=_days(-10),
        places=6,
    )
    learners = [people[f"learner{n:02d}@example.org"] for n in range(1, 41)]
    doctors = [person for person in learners if person.profession == "doctor"]
    nurses = [person for person in learners if person.profession == "nurse"]

    def move(application, *statuses, comment=""):
        for status in statuses:
            if status == Status.SUBMITTED:
                application = services.submit(actor=application.applicant, application=application)
            elif status in (Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN):
                application = services.transition(
                    actor=application.applicant, application=application, to_status=status
                )
            else:
                application = services.transition(
                    actor=coordinator, application=application, to_status=status, comment=comment
                )
        return application

    def review(application, reviewer, recommendation, base):
        services.review(
            actor=reviewer,
            application=application,
            experience=base,
            motivation=min(base + 1, 5),
            fit=base,
            language=max(base - 1, 1),
            recommendation=recommendation,
            comments="Solid clinical background; clear plan for applying the training at home.",
        )

    faculty, faculty2 = people["faculty@example.org"], people["faculty2@example.org"]

    # The doctor demo account: a submitted application to the oncology observership.
    move(_application(current[oncology], people["doctor@example.org"], weeks=3, people=people), Status.SUBMITTED)
    # The nurse demo account: accepted to the nursing observership, to confirm.
    nurse_app = move(
        _application(current[nursing], people["nurse@example.org"], weeks=2, people=people),
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
    )
    review(nurse_app, faculty2, "accept", 4)
    move(nurse_app, Status.ACCEPTED, comment="Welcome! Bring your vaccination card on the first day.")

    # Cardiology: one in every decision state.
    cardiology_apps = [_application(current[cardiology], person, weeks=16, people=people) for person in doctors[:7]]
    draft, submitted, reviewing, interview, waitlisted, rejected, withdrawn = cardiology_apps
    move(submitted, Status.SUBMITTED)
    move(reviewing, Status.SUBMITTED, Status.UNDER_REVIEW)
    review(reviewing, faculty2, "accept", 4)
    move(interview, Status.SUBMITTED, Status.UNDER_REVIEW, Status.INTERVIEW, comment="Interview by video call.")
    review(interview, faculty2, "accept", 5)
    review(interview, faculty, "waitlist", 3)
    move(waitlisted, Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED)
    move(rejected, Status.SUBMITTED, Status.UNDER_REVIEW)
    review(rejected, faculty2, "reject", 2)
    move(rejected, Status.REJECTED, comment="We encourage you to apply for the observership first.")
    move(withdrawn, Status.SUBMITTED, Status.WITHDRAWN)

    # ICU fellowship: a declined offer and a confirmed one.
    declined = _application(current[icu], doctors[7], weeks=78, people=people)
    move(declined, Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.DECLINED)
    confirmed = _application(current[icu], doctors[8], weeks=78, people=people)
    move(confirmed, Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.CONFIRMED)

    # The past oncology intake: placements in progress, completed and discontinued.
    trainees = [_application(past, person, weeks=3, people=people) for person in (doctors[9], nurses[0], nurses[1])]
    for application in trainees:
        move(application, Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.CONFIRMED, Status.IN_PROGRESS)
    in_progress, completed, discontinued = (Application.objects.get(pk=a.pk) for a in trainees)
    for application in (in_progress, completed):
        placement = application.placement
        for day in range(5):
            entry = services.add_logbook_entry(
                actor=application.applicant,
                placement=placement,
                day=placement.starts_on + datetime.timedelta(days=day),
                activity=["Ward round", "Tumour board", "Day hospital", "Lumbar punctures (observed)", "Clinic"][day],
                hours=Decimal("7.5"),
            )
            if day < 4:
                services.countersign(actor=placement.supervisor, entry=entry)
    services.evaluate(
        actor=completed.placement.supervisor,
        placement=completed.placement,
        clinical_knowledge=4,
        clinical_skills=4,
        professionalism=5,
        communication=5,
        satisfactory=True,
        comments="Engaged, curious and excellent with families.",
    )
    services.give_feedback(
        actor=completed.applicant, placement=completed.placement, rating=5, best="Tumour boards", improve="Housing info"
    )
    move(discontinued, Status.DISCONTINUED, comment="Returned home early for family reasons.")
    log(f"{len(programmes)} programmes, {Intake.objects.count()} intakes, {Application.objects.count()} applications")
