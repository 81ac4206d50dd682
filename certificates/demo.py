"""Demo certificates: templates for every kind signed by two people, credit on the demo's
activities, and hand-issued workshop certificates (ready, one revoked, one expired).

Runs before the domain apps' demo steps (INSTALLED_APPS order), so the certificates their
completions issue already find signed templates."""

import datetime
import io
from collections.abc import Callable
from decimal import Decimal

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Collection

from . import services
from .credit import CreditSystem
from .models import Activity, ActivityCredit, Certificate, CertificateTemplate, Kind, Signatory

PROVIDER = "The International Training Office"
ACCME_STATEMENT = (
    f"{PROVIDER} is accredited by the Accreditation Council for Continuing Medical Education (ACCME) "
    "to provide continuing medical education for physicians."
)
ANCC_STATEMENT = (
    f"{PROVIDER} is accredited as a provider of nursing continuing professional development by the "
    "American Nurses Credentialing Center's Commission on Accreditation."
)
NATIONAL_BODY = "Consell Català de Formació Continuada de les Professions Sanitàries (CCFCPS)"
SIGNATORIES = ["Dr Elena Martí Soler", "Dr Jordi Puig Casals"]
# language: (completion heading, attendance heading, completion wording, attendance wording, roles)
WORDING = {
    "en": (
        "Certificate of completion",
        "Certificate of attendance",
        "This certifies that {recipient} has successfully completed {title}.",
        "This certifies that {recipient} attended {title} ({hours} hours), from {start} to {end}.",
        ("Director, International Training Office", "Chair, Continuing Education Committee"),
    ),
    "es": (
        "Certificado de aprovechamiento",
        "Certificado de asistencia",
        "Se certifica que {recipient} ha completado con éxito {title}.",
        "Se certifica que {recipient} asistió a {title} ({hours} horas), del {start} al {end}.",
        ("Directora, Oficina de Formación Internacional", "Presidente, Comité de Formación Continuada"),
    ),
    "fr": (
        "Certificat de réussite",
        "Attestation de présence",
        "Nous certifions que {recipient} a suivi avec succès {title}.",
        "Nous certifions que {recipient} a assisté à {title} ({hours} heures), du {start} au {end}.",
        ("Directrice, Bureau de formation internationale", "Président, Comité de formation continue"),
    ),
    "ca": (
        "Certificat d'aprofitament",
        "Certificat d'assistència",
        "Es certifica que {recipient} ha completat amb èxit {title}.",
        "Es certifica que {recipient} va assistir a {title} ({hours} hores), del {start} al {end}.",
        ("Directora, Oficina de Formació Internacional", "President, Comitè de Formació Continuada"),
    ),
}


def _signature(name: str, seed: int) -> Image:
    """A pen stroke drawn for the demo: a real PNG, uploaded as coordinators upload one."""
    title = f"Signature of {name}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGBA", (360, 90), (255, 255, 255, 0))
    pen = ImageDraw.Draw(canvas)
    points = [(20 + i * 16, 55 + ((i * 37 + seed * 11) % 30) - 15) for i in range(20)]
    pen.line(points, fill=(20, 40, 90, 255), width=3, joint="curve")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    # Wagtail's migrations make the root collection; a flushed test database has none.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"signature-{seed}.png"), collection=collection
    )


def seed_templates() -> None:
    """A template for every kind in each of the site's four languages, with two signatories."""
    signatures = [_signature(name, n) for n, name in enumerate(SIGNATORIES)]
    for language, (completed, attended, completed_wording, attended_wording, roles) in WORDING.items():
        for kind in Kind:
            attendance = kind in (Kind.ACTIVITY, Kind.LIVE_SESSION)
            template, _created = CertificateTemplate.objects.get_or_create(
                kind=kind,
                language=language,
                defaults={
                    "heading": attended if attendance else completed,
                    "wording": attended_wording if attendance else completed_wording,
                },
            )
            if not template.signatories.exists():
                for order, (name, role, signature) in enumerate(zip(SIGNATORIES, roles, signatures, strict=True)):
                    Signatory.objects.create(
                        template=template, sort_order=order, name=name, role=role, signature=signature
                    )


def seed_certificates(*, people: dict, log: Callable[[str], None]) -> None:
    faculty = people["faculty@example.org"]
    coordinator = people["coordinator@example.org"]
    seed_templates()
    workshop = _activity("Paediatric airway management workshop", Decimal("8"), (2026, 10, 5), (2026, 10, 6), 24)
    if not workshop.credits.exists():
        ActivityCredit.objects.create(
            activity=workshop, system=CreditSystem.EACCME, amount=Decimal("8"), reference="LEE26-01234"
        )
        ActivityCredit.objects.create(
            activity=workshop, system=CreditSystem.CPD_HOURS, amount=Decimal("8"), accrediting_body=NATIONAL_BODY
        )
    old_course = _activity("Paediatric basic life support (classroom)", Decimal("6"), (2023, 3, 1), (2023, 3, 2), 24)
    for activity in (workshop, old_course):
        activity.faculty.add(faculty)

    recipients = ["nurse@example.org", "doctor@example.org"] + [f"learner{n:02d}@example.org" for n in range(1, 6)]
    issued = [
        services.issue_for_activity(actor=faculty, activity=workshop, recipient=people[email]) for email in recipients
    ]
    services.issue_for_activity(actor=faculty, activity=old_course, recipient=people["learner06@example.org"])
    to_revoke = issued[-1]
    if to_revoke.is_live:
        services.revoke_certificate(actor=coordinator, certificate=to_revoke, reason="Attendance below the minimum")
    log(f"{Certificate.objects.count()} certificates (one revoked, one expired)")


def _activity(title, hours, start, end, validity_months) -> Activity:
    activity, _ = Activity.objects.get_or_create(
        title=title,
        defaults={
            "hours": hours,
            "started_on": datetime.date(*start),
            "ended_on": datetime.date(*end),
            "validity_months": validity_months,
        },
    )
    return activity
