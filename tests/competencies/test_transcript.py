"""The transcript: issued by the learner from their record, rendered as a PDF, signed as a
1EdTech CLR 2.0 ClrCredential with the certificates' key and status list, and verifiable.

The credential was checked against the 1EdTech ClrCredential JSON schema while this was
written (the schema stays out of the repository); these tests pin the fields it requires."""

import datetime
from decimal import Decimal

import jwt as pyjwt
import pytest
from django.core.exceptions import ValidationError

from certificates import credentials
from certificates.models import Certificate
from certificates.services import revoke_certificate
from competencies import services
from competencies.models import Transcript
from tests.certificates.issuing import issue_for
from tests.certificates.jwts import jwt_claims
from tests.certificates.pdf import pdf_attachments, pdf_text
from tests.competencies.factories import CompetencyFactory, EPAFactory, evidence_for, request
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fellow(django_capture_on_commit_callbacks):
    """A fellow with a certificate, evidence of one competency and two assessments of an EPA
    that draws on it."""
    fellow = UserFactory(full_name="Amina Njeri")
    competency = CompetencyFactory(code="ME2", statement="Resuscitates the newborn")
    epa = EPAFactory(code="EPA 3", title="Lead a neonatal resuscitation")
    epa.competencies.add(competency)
    evidence_for(fellow, competency, source=UserFactory(), title="Neonatal resuscitation drill")
    for level in (3, 4):
        assessment, token = request(fellow, epa=epa)
        services.complete_assessment(actor=None, assessment=assessment, token=token, level=level)
    with django_capture_on_commit_callbacks(execute=True):
        issue_for(recipient=fellow, source=UserFactory(), title="Paediatric life support", hours=Decimal("8"))
    return fellow


def _issue(fellow, capture, **choices) -> Certificate:
    with capture(execute=True):
        certificate = services.issue_transcript(actor=fellow, **choices)
    certificate.refresh_from_db()
    return certificate


def test_the_transcript_is_a_ready_certificate_of_kind_transcript(fellow, django_capture_on_commit_callbacks):
    certificate = _issue(fellow, django_capture_on_commit_callbacks)

    assert (certificate.kind, certificate.status, certificate.recipient) == ("transcript", "ready", fellow)
    assert certificate.source == Transcript.objects.get(learner=fellow)
    assert certificate.hours == Decimal("8")


def test_its_credential_is_a_clr_2_credential_with_the_required_fields(fellow, django_capture_on_commit_callbacks):
    certificate = _issue(fellow, django_capture_on_commit_callbacks)
    vc = jwt_claims(certificate.credential)["vc"]

    assert vc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert vc["type"] == ["VerifiableCredential", "ClrCredential"]
    assert {"id", "name", "issuer", "validFrom", "credentialSubject"} <= set(vc)
    assert vc["credentialSchema"][0]["id"].endswith("clr_v2p0_clrcredential_schema.json")
    assert vc["credentialStatus"]["type"] == "BitstringStatusListEntry"
    subject = vc["credentialSubject"]
    assert subject["type"] == ["ClrSubject"] and subject["identifier"][0]["hashed"] is True
    nested = subject["verifiableCredential"]
    assert [item["credentialSubject"]["achievement"]["achievementType"] for item in nested] == [
        "Certificate",
        "Competency",
        "Competency",
    ]
    for item in nested:
        assert {"@context", "type", "issuer", "validFrom", "credentialSubject"} <= set(item)
        assert item["@context"][0] == "https://www.w3.org/ns/credentials/v2"
        assert "VerifiableCredential" in item["type"]
    for achievement in subject["achievement"]:
        assert {"id", "type", "criteria", "description", "name"} <= set(achievement)


def test_the_epa_carries_its_latest_level_on_its_scale_and_its_competency(fellow, django_capture_on_commit_callbacks):
    certificate = _issue(fellow, django_capture_on_commit_callbacks)
    subject = jwt_claims(certificate.credential)["vc"]["credentialSubject"]
    epa = subject["verifiableCredential"][2]["credentialSubject"]

    [result] = epa["result"]
    [scale] = epa["achievement"]["resultDescription"]
    assert (result["value"], result["achievedLevel"]) == ("4/5", f"{scale['id']}-4")
    assert scale["resultType"] == "RubricCriterionLevel" and len(scale["rubricCriterionLevel"]) == 5
    [association] = subject["association"]
    assert association == {
        "type": "Association",
        "associationType": "isRelatedTo",
        "sourceId": epa["achievement"]["id"],
        "targetId": subject["verifiableCredential"][1]["credentialSubject"]["achievement"]["id"],
    }


def test_its_signature_verifies_with_an_independent_library(fellow, django_capture_on_commit_callbacks):
    certificate = _issue(fellow, django_capture_on_commit_callbacks)
    token = certificate.credential
    [jwk] = [key for key in credentials.jwks()["keys"] if key["kid"] == pyjwt.get_unverified_header(token)["kid"]]

    claims = pyjwt.decode(token, key=pyjwt.PyJWK(jwk, algorithm="ES256"), algorithms=["ES256"])

    assert claims["jti"] == credentials.verification_url(certificate)
    assert claims["vc"]["type"] == ["VerifiableCredential", "ClrCredential"]
    assert credentials.verify(certificate)


def test_the_pdf_lists_the_record_and_carries_the_credential(fellow, django_capture_on_commit_callbacks):
    certificate = _issue(fellow, django_capture_on_commit_callbacks)
    with certificate.pdf.open("rb") as handle:
        data = handle.read()

    text = pdf_text(data)
    for expected in ("Amina Njeri", "Paediatric life support", "Resuscitates the newborn", "Lead a neonatal"):
        assert expected in text
    assert pdf_attachments(data)["comprehensive-learner-record.jwt"].decode() == certificate.credential


def test_a_transcript_of_a_period_leaves_out_what_happened_outside_it(fellow, django_capture_on_commit_callbacks):
    certificate = _issue(
        fellow,
        django_capture_on_commit_callbacks,
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2026, 10, 31),
        sections=["competencies"],
    )
    snapshot = certificate.source.snapshot

    assert snapshot["sections"] == ["competencies"]
    assert [row["statement"] for row in snapshot["competencies"]] == ["Resuscitates the newborn"]
    assert "certificates" not in snapshot and "epas" not in snapshot


def test_it_verifies_on_the_public_page_and_says_so_once_revoked(fellow, client, django_capture_on_commit_callbacks):
    certificate = _issue(fellow, django_capture_on_commit_callbacks)
    page = client.get(f"/verify/{certificate.verification_code}/")
    assert page.status_code == 200 and b"Training record" in page.content

    revoke_certificate(actor=CoordinatorFactory(), certificate=certificate, reason="Issued in error")

    assert client.get(f"/api/v1/verify/{certificate.verification_code}/").json()["status"] == "revoked"


def test_an_empty_record_or_a_backwards_period_is_refused_and_issues_nothing():
    learner = UserFactory()
    with pytest.raises(ValidationError) as refusal:
        services.issue_transcript(actor=learner)
    assert "start" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        services.issue_transcript(actor=learner, start=datetime.date(2026, 5, 1), end=datetime.date(2026, 1, 1))
    assert "end" in refusal.value.message_dict
    assert not Certificate.objects.exists() and not Transcript.objects.exists()
