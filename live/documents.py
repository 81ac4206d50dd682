"""The experts' recommendations on a presented case as a PDF the presenter can file with the
patient's notes at home: the de-identified case, the question and what the experts said, with
the series, the session's date and who wrote them. Rendered with the certificates' WeasyPrint
setup (PDF/A-3b, fonts for every script, no network access), in the presenter's language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from certificates.rendering import html_to_pdf

from .models import Case


def recommendations_pdf(case: Case) -> bytes:
    with translation.override(case.presenter.preferred_language or "en"):
        html = render_to_string(
            "live/pdf/recommendations.html",
            {"case": case, "session": case.session, "issuer": getattr(settings, "CERTIFICATE_ISSUER", "")},
        )
    return html_to_pdf(html)
