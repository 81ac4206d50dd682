"""Demo certificates: hand-issued workshop certificates, ready, one revoked, one expired."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from . import services
from .models import Activity, Certificate, CertificateTemplate, Kind


def seed_certificates(*, people: dict, log: Callable[[str], None]) -> None:
    faculty = people["faculty@example.org"]
    coordinator = people["coordinator@example.org"]
    CertificateTemplate.objects.get_or_create(
        kind=Kind.ACTIVITY,
        language="en",
        defaults={
            "heading": "Certificate of attendance",
            "wording": "This certifies that {recipient} attended {title} ({hours} hours), from {start} to {end}.",
        },
    )
    workshop = _activity("Paediatric airway management workshop", Decimal("8"), (2026, 10, 5), (2026, 10, 6), 24)
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
