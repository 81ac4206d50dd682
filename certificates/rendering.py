"""The certificate PDF: one A4 landscape page rendered by WeasyPrint, PDF/A-3b, with the signed
credential attached.

WeasyPrint never fetches anything on its own: the url_fetcher refuses every URL but `data:`
URIs that we build ourselves (QR code, logo, signatures), so nothing a user typed can make the
renderer read a file or call the network. Fonts are the system's Noto fonts, found by
fontconfig. One FontConfiguration is reused per process, as WeasyPrint recommends for speed.
"""

import base64
import functools
import io
import re
from datetime import date
from decimal import Decimal

import segno
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from . import actual_text, credentials
from .credit import statements
from .documents import document_for
from .models import Certificate
from .selectors import template_look

actual_text.install()

DEFAULT_HEADING = _("Certificate of completion")
DEFAULT_WORDING = _("This certifies that {recipient} has successfully completed {title}.")


@functools.cache
def font_config() -> FontConfiguration:
    return FontConfiguration()


def safe_url_fetcher() -> URLFetcher:
    """Only data: URIs (built by us) are fetched; http, https, file and every other scheme are
    refused, whatever a name, title or template wording contains."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def qr_png_data_uri(url: str) -> str:
    """One pixel per module, scaled up by the PDF viewer without smoothing: the cheapest QR
    for WeasyPrint to embed, and as sharp as vectors. A fixed mask pattern skips segno's
    search for the best one (5x faster; any mask gives a valid code)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=2).save(buffer, kind="png", scale=1, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replaces {name} by its value when name is a known placeholder; anything else, including
    {name.attribute}, {name!r} or a lone brace, is printed as typed. Editors never run code."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _format_date(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def certificate_html(certificate: Certificate) -> str:
    look = template_look(kind=certificate.kind, language=certificate.language)
    template = look.template if look else None
    with translation.override(certificate.language):
        values = {
            "recipient": certificate.recipient_name,
            "title": certificate.title,
            "kind": str(certificate.get_kind_display()),
            "hours": formats.number_format(certificate.hours) if certificate.hours is not None else "",
            "start": _format_date(certificate.started_on),
            "end": _format_date(certificate.ended_on),
            "issued": _format_date(certificate.issued_at.date()),
            "expires": _format_date(certificate.expires_on),
            "issuer": certificate.issuer,
            "serial": certificate.serial,
        }
        # Placeholders are filled with escaped values into escaped wording: HTML typed anywhere
        # (a name, a title, the wording) is printed as text.
        wording = mark_safe(  # built only from escaped pieces just above
            fill_placeholders(
                escape(template.wording if template else str(DEFAULT_WORDING)),
                {k: escape(v) for k, v in values.items()},
            )
        )
        credit_statements = [
            sentence
            for credit in certificate.credits.all()
            for sentence in statements(
                credit.as_credit(), provider=certificate.issuer, title=certificate.title, claimed=credit.claimed
            )
        ]
        entries = list(certificate.entries.all())
        url = credentials.verification_url(certificate)
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "certificate": certificate,
                "values": values,
                "heading": template.heading if template else str(DEFAULT_HEADING),
                "wording": wording,
                "accent": template.accent_colour if template else "#0b5cad",
                "logo": look.logo if look else None,
                "signatories": look.signatures if look else [],
                "statements": credit_statements,
                "entries_hours": formats.number_format(
                    sum((entry.hours for entry in entries if entry.hours is not None), Decimal(0)).normalize()
                ),
                "entries": [
                    {
                        "held_on": _format_date(entry.held_on),
                        "title": entry.title,
                        "hours": formats.number_format(entry.hours) if entry.hours is not None else "",
                        "credit": entry.credit,
                        "serial": entry.serial,
                    }
                    for entry in entries
                ],
                "qr": qr_png_data_uri(url),
                "verification_url": url,
                # The code in groups of four that never break inside: read off paper or pasted
                # with its spaces, it is found (lookup ignores spaces and case).
                "verify_base": url.split("://", 1)[-1].removesuffix(f"{certificate.verification_code}/"),
                "code_groups": [
                    certificate.verification_code[i : i + 4] for i in range(0, len(certificate.verification_code), 4)
                ],
            },
        )


def render_pdf(certificate: Certificate, *, credential: str = "") -> bytes:
    """PDF/A-3b bytes, with title/author metadata and the credential as an attachment; a kind
    with its own document (a transcript) supplies the HTML and names the attachment."""
    document = document_for(certificate.kind)
    html = document.html(certificate) if document else certificate_html(certificate)
    attachments = []
    if credential:
        attachments.append(
            Attachment(
                string=credential.encode(),
                base_url=None,
                name=document.attachment_name if document else "open-badge-credential.jwt",
                description=document.attachment_description if document else "Open Badges 3.0 credential (VC-JWT)",
                relationship="Source",
            )
        )
    return html_to_pdf(html, attachments=attachments)


def html_to_pdf(html: str, *, attachments: list | None = None) -> bytes:
    document = HTML(string=html, url_fetcher=safe_url_fetcher(), base_url=None)
    return document.write_pdf(
        font_config=font_config(),
        pdf_variant="pdf/a-3b",
        attachments=attachments or [],
    )
