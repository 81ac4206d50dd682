"""The Open Badges 3.0 credential as a stranger's tools see it: VC Data Model 2.0 fields, keys
resolved over HTTP, the signature checked with an independent library (PyJWT), and revocation
read from the Bitstring Status List."""

import datetime
import json
import urllib.request
from decimal import Decimal
from urllib.parse import unquote

import jwt as pyjwt
import pytest
from django.test import override_settings
from joserfc.jwk import ECKey

from certificates import credentials, services, status_list
from certificates.credit import Credit, CreditSystem
from certificates.models import Certificate, CertificateTemplate, Kind, Signatory, StatusList
from tests.certificates.issuing import issue_for
from tests.certificates.jwts import jwt_claims, jwt_header, status_bit
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_credential_follows_vc_data_model_2_and_open_badges_3(issue):
    certificate = issue(expires_on=None)
    claims = jwt_claims(certificate.credential)
    vc = claims["vc"]

    assert vc["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["validFrom"].endswith("Z") and "issuanceDate" not in vc
    assert vc["credentialSchema"] == [credentials.OB3_SCHEMA]
    assert vc["issuer"] == {
        "id": "did:web:127.0.0.1%3A8000",
        "type": ["Profile"],
        "name": certificate.issuer,
        "url": "http://127.0.0.1:8000/",
    }
    achievement = vc["credentialSubject"]["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert achievement["type"] == ["Achievement"] and achievement["criteria"]["narrative"]
    assert vc["credentialSubject"]["type"] == ["AchievementSubject"]
    status = vc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    assert status["statusListCredential"] == "http://127.0.0.1:8000/credentials/status/1"
    assert status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"


def test_the_jwt_carries_the_registered_claims_matching_the_credential(issue):
    certificate = issue(expires_on=datetime.date(2028, 5, 31))
    claims = jwt_claims(certificate.credential)

    assert claims["iss"] == claims["vc"]["issuer"]["id"]
    assert claims["jti"] == claims["vc"]["id"] == f"http://127.0.0.1:8000/verify/{certificate.verification_code}/"
    assert claims["sub"] == claims["vc"]["credentialSubject"]["id"]
    assert claims["sub"].startswith("urn:uuid:")
    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert claims["exp"] == datetime.datetime(2028, 5, 31, 23, 59, 59, tzinfo=datetime.UTC).timestamp()
    assert claims["vc"]["validUntil"] == "2028-05-31T23:59:59Z"
    assert (
        jwt_header(certificate.credential)["kid"]
        == f"did:web:127.0.0.1%3A8000#{credentials.signing_key().thumbprint()}"
    )


def test_the_credit_is_in_the_achievement_and_the_claim_in_the_subject(django_capture_on_commit_callbacks):
    template = CertificateTemplate.objects.create(kind=Kind.SIMULATION, language="en")
    Signatory.objects.create(template=template, name="Dr Marta Vidal", role="Director")
    learner = UserFactory()
    ama = Credit(
        system=CreditSystem.AMA_PRA_1, amount=Decimal("2"), learning_format="live activity", provider_statement="X."
    )
    certificate = issue_for(recipient=learner, source=learner, credits=(ama,))
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_credit(actor=learner, certificate=certificate, amount=Decimal("1.5"))
    certificate.refresh_from_db()

    subject = jwt_claims(certificate.credential)["vc"]["credentialSubject"]

    assert subject["achievement"]["creditsAvailable"] == 2.0
    assert "AMA PRA Category 1 Credit" in subject["achievement"]["criteria"]["narrative"]
    assert subject["creditsEarned"] == 1.5


def test_the_learner_has_one_subject_id_that_does_not_show_their_account_number(issue):
    learner = UserFactory()
    first, second = issue(recipient=learner), issue(recipient=learner)

    subject = jwt_claims(first.credential)["sub"]

    assert subject == jwt_claims(second.credential)["sub"]
    assert str(learner.pk) not in subject.removeprefix("urn:uuid:").replace("-", "")[:4]
    assert subject != jwt_claims(issue().credential)["sub"]


def test_credential_json_is_the_signed_credential_byte_for_byte(issue, client):
    certificate = issue()
    client.force_login(certificate.recipient)

    body = client.get(f"/certificates/{certificate.pk}/credential.json").json()

    assert body["jwt"] == certificate.credential
    assert body["credential"] == jwt_claims(certificate.credential)["vc"]


def test_retired_keys_stay_published_and_their_credentials_still_verify(issue, client):
    old_key = ECKey.generate_key("P-256")
    old_certificate = issue()
    claims = jwt_claims(old_certificate.credential)
    header = {"alg": "ES256", "typ": "JWT", "kid": credentials.key_id(old_key)}
    from joserfc import jwt as jose_jwt

    old_certificate.credential = jose_jwt.encode(header, claims, old_key, algorithms=["ES256"])
    retired_pem = old_key.as_pem(private=False).decode()
    credentials.retired_keys.cache_clear()
    try:
        with override_settings(CERTIFICATE_RETIRED_KEYS=[retired_pem]):
            did = client.get("/.well-known/did.json").json()
            keys = client.get("/.well-known/jwks.json").json()["keys"]
            verified = credentials.verify(old_certificate)
    finally:
        credentials.retired_keys.cache_clear()

    assert [method["id"] for method in did["verificationMethod"]] == [key["kid"] for key in keys]
    assert credentials.key_id(old_key) in [key["kid"] for key in keys]
    assert did["assertionMethod"] == [credentials.key_id()]
    assert verified


def test_the_status_list_is_rebuilt_when_a_certificate_is_revoked(issue, django_capture_on_commit_callbacks):
    certificate, other = issue(), issue()

    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_certificate(
            actor=CoordinatorFactory(), certificate=certificate, reason="Attendance misrecorded"
        )

    subject = jwt_claims(status_list.current_token(1))["vc"]["credentialSubject"]
    assert status_bit(subject["encodedList"], certificate.status_index)
    assert not status_bit(subject["encodedList"], other.status_index)


def test_a_superseded_certificate_is_marked_in_the_status_list(issue, django_capture_on_commit_callbacks):
    certificate = issue()

    with django_capture_on_commit_callbacks(execute=True):
        services.reissue_certificate(actor=CoordinatorFactory(), certificate=certificate)

    certificate.refresh_from_db()
    subject = jwt_claims(status_list.current_token(1))["vc"]["credentialSubject"]
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert status_bit(subject["encodedList"], certificate.status_index)


def test_an_unused_status_list_is_404(client):
    assert client.get("/credentials/status/7").status_code == 404


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the live test server)
        return response.read()


def _did_url(did: str) -> str:
    """did:web resolution; the test server speaks http where production speaks https."""
    host = unquote(did.removeprefix("did:web:"))
    return f"http://{host}/.well-known/did.json"


@pytest.mark.django_db(transaction=True)
def test_a_stranger_verifies_the_credential_with_pyjwt_and_sees_it_revoked(live_server, settings):
    settings.SITE_URL = live_server.url
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner)
    certificate.refresh_from_db()
    token = certificate.credential

    header = pyjwt.get_unverified_header(token)
    did, _fragment = header["kid"].split("#")
    document = json.loads(_fetch(_did_url(did)))
    [method] = [m for m in document["verificationMethod"] if m["id"] == header["kid"]]
    key = pyjwt.PyJWK(method["publicKeyJwk"], algorithm="ES256")
    claims = pyjwt.decode(token, key=key, algorithms=["ES256"], options={"verify_aud": False})
    assert claims["iss"] == did == document["id"]
    assert claims["sub"] == claims["vc"]["credentialSubject"]["id"]

    header_part, payload, signature = token.split(".")
    flipped = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt.decode(f"{header_part}.{flipped}.{signature}", key=key, algorithms=["ES256"])

    services.revoke_certificate(actor=CoordinatorFactory(), certificate=certificate, reason="Issued in error")
    entry = claims["vc"]["credentialStatus"]
    status_token = _fetch(entry["statusListCredential"]).decode()
    status_claims = pyjwt.decode(status_token, key=key, algorithms=["ES256"])
    assert status_claims["vc"]["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_bit(status_claims["vc"]["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))


def test_serving_a_list_before_any_revocation_stores_nothing(issue, client):
    certificate = issue()

    response = client.get("/credentials/status/1")

    encoded_list = jwt_claims(response.content.decode())["vc"]["credentialSubject"]["encodedList"]
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    assert not status_bit(encoded_list, certificate.status_index)
    assert not StatusList.objects.exists()


def test_a_certificate_takes_its_status_bit_when_issued_in_the_list_its_number_selects():
    certificate = issue_for(recipient=UserFactory(), source=UserFactory())  # not rendered yet

    certificate.refresh_from_db()
    assert certificate.status_index is not None
    assert certificate.status_list == 1 + certificate.pk // (credentials.STATUS_LIST_SIZE // 2)
