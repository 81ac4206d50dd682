import json

import pytest
from joserfc import jwt

from certificates import actual_text, credentials, selectors
from certificates.models import Certificate, CertificateTemplate, Kind, Signatory
from certificates.rendering import certificate_html, fill_placeholders, render_pdf
from tests.certificates.pdf import (
    decoded_qr_codes,
    pdf_attachments,
    pdf_metadata,
    pdf_page_count,
    pdf_text,
    pdf_xmp,
    poppler_text,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAMES = {
    "latin": "José Núñez Çelik",
    "arabic": "فاطمة الزهراء بنعلي",
    "chinese": "王小明",
    "cyrillic": "Алексей Петров",
    "devanagari": "प्रिया शर्मा",
    "ethiopic": "ሰላም ተስፋዬ",
}


def _pdf(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("script", NAMES)
def test_the_name_prints_as_real_text_in_every_script(issue, script):
    certificate = issue(recipient=UserFactory(full_name=NAMES[script]))

    text = pdf_text(_pdf(certificate)).replace(" ", "").replace("\n", "")

    if script == "devanagari":
        # pypdf ignores /ActualText and reads WeasyPrint's per-glyph mapping (certificates.actual_text).
        assert set(NAMES[script].replace(" ", "")) <= set(text)
    else:
        assert NAMES[script].replace(" ", "") in text


def test_the_devanagari_name_extracts_exactly_from_the_text_layer(issue):
    assert actual_text.installed(), "WeasyPrint changed series: check certificates/actual_text.py against it"
    certificate = issue(recipient=UserFactory(full_name="प्रिया शर्मा"))

    lines = poppler_text(_pdf(certificate)).splitlines()

    assert "प्रिया शर्मा" in [line.strip() for line in lines]


def test_the_pdf_is_one_page_with_title_author_and_pdfa_metadata(issue):
    certificate = issue(recipient=UserFactory(full_name="Ana Quispe"))

    data = _pdf(certificate)
    metadata = pdf_metadata(data)

    assert pdf_page_count(data) == 1
    assert certificate.title in metadata["/Title"]
    assert metadata["/Author"] == certificate.issuer
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in pdf_xmp(data)


def test_the_qr_code_leads_to_the_verification_page_and_the_serial_is_printed(issue):
    certificate = issue()

    data = _pdf(certificate)

    assert decoded_qr_codes(data) == [f"http://127.0.0.1:8000/verify/{certificate.verification_code}/"]
    assert certificate.serial in pdf_text(data)


def test_html_typed_in_a_name_or_title_is_printed_as_text(issue):
    certificate = issue(recipient=UserFactory(full_name="Eve <b>Bold</b>"), title="<img src=x onerror=alert(1)>")

    text = pdf_text(_pdf(certificate))

    assert "<b>Bold</b>" in text
    assert "<img src=x onerror=alert(1)>" in text


def test_the_signed_credential_is_attached_and_verifies(issue):
    certificate = issue()

    attachment = pdf_attachments(_pdf(certificate))["open-badge-credential.jwt"].decode()
    claims = jwt.decode(attachment, credentials.signing_key()).claims

    assert attachment == certificate.credential
    assert "OpenBadgeCredential" in claims["vc"]["type"]
    assert claims["vc"]["credentialSubject"]["achievement"]["name"] == certificate.title
    assert credentials.verify(certificate)


def test_a_tampered_credential_does_not_verify(issue):
    certificate = issue()
    header, payload, signature = certificate.credential.split(".")
    certificate.credential = ".".join([header, payload[:-4] + "AAAA", signature])

    assert not credentials.verify(certificate)


def test_template_wording_fills_placeholders_and_prints_unknown_ones_as_typed(issue):
    CertificateTemplate.objects.create(
        kind=Kind.SIMULATION,
        language="en",
        heading="Simulation certificate",
        wording="{recipient} completed {title} for {hours} hours. {__class__} {recipient.__init__} {oops",
    )
    certificate = issue(recipient=UserFactory(full_name="Ana Quispe"))

    text = " ".join(pdf_text(_pdf(certificate)).split())

    assert "Simulation certificate" in text
    assert "Ana Quispe completed Neonatal resuscitation for 4" in text
    assert "{__class__}" in text


def test_placeholders_never_reach_attributes():
    assert fill_placeholders("{recipient.__class__}", {"recipient": "x"}) == "{recipient.__class__}"
    assert fill_placeholders("{recipient!r:>10}", {"recipient": "x"}) == "{recipient!r:>10}"


def test_the_renderer_fetches_nothing_from_the_network_or_disk(issue, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    certificate = issue(title=f'<link rel=stylesheet href="file://{secret}"><img src="http://example.org/x.png">')

    data = render_pdf(certificate)

    assert data.startswith(b"%PDF")
    assert json.dumps(certificate.title) and b"not an image" not in data


def test_the_printed_code_is_in_unbreakable_groups_that_find_the_certificate_as_typed(issue):
    certificate = issue()

    text = " ".join(pdf_text(_pdf(certificate)).split())
    groups = [certificate.verification_code[i : i + 4] for i in range(0, 32, 4)]

    assert " ".join(groups) in text
    assert selectors.certificate_by_code(" ".join(groups).lower()) == certificate


def test_a_template_edit_reaches_the_next_certificate_although_templates_are_cached(issue):
    template = CertificateTemplate.objects.create(kind=Kind.SIMULATION, language="en", heading="First heading")
    issue(recipient=UserFactory())  # reads the template into the cache
    template.heading = "Edited heading"
    template.save()
    Signatory.objects.create(template=template, name="Dr Nuria Ferrer", role="Head of Simulation")

    text = " ".join(pdf_text(_pdf(issue(recipient=UserFactory()))).split())

    assert "Edited heading" in text and "First heading" not in text
    assert "Dr Nuria Ferrer" in text


def test_rendering_reads_the_template_from_the_cache_after_the_first_certificate(issue, django_assert_num_queries):
    CertificateTemplate.objects.create(kind=Kind.SIMULATION, language="en", heading="Cached heading")
    issued = issue(recipient=UserFactory())
    certificate = Certificate.objects.prefetch_related("credits", "entries").get(pk=issued.pk)

    with django_assert_num_queries(0):
        html = certificate_html(certificate)

    assert "Cached heading" in html


def test_the_default_issuer_prints_in_the_recipients_language_and_the_credential_keeps_its_name(issue):
    certificate = issue(recipient=UserFactory(full_name="Ana Quispe", preferred_language="es"))

    text = pdf_text(_pdf(certificate))

    assert "Oficina de Formación Internacional, Hospital Infantil" in text
    assert certificate.issuer == "International Training Office, Children's Hospital"
