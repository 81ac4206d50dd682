"""The offer letter: a one-page A4 PDF the applicant can show a consulate as an invitation
letter (name, passport country, programme, department, dates, supervisor, signed by the
coordinator who accepted). Rendered with the certificates' WeasyPrint setup (PDF/A-3b, fonts
for every script, no network access)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from certificates.rendering import html_to_pdf
from lms.models import User

from .models import Application


def offer_letter_html(application: Application, *, signed_by: User | None) -> str:
    faculty = sorted(application.programme.faculty.all(), key=lambda person: person.full_name)
    with translation.override(application.applicant.preferred_language or "en"):
        return render_to_string(
            "fellowships/pdf/offer_letter.html",
            {
                "application": application,
                "programme": application.programme,
                "applicant": application.applicant,
                "supervisor": faculty[0] if faculty else None,
                "signed_by": signed_by,
                "issuer": getattr(settings, "CERTIFICATE_ISSUER", ""),
                "today": timezone.localdate(),
            },
        )


def offer_letter_pdf(application: Application, *, signed_by: User | None) -> bytes:
    return html_to_pdf(offer_letter_html(application, signed_by=signed_by))
