"""Open Badges 3.0 credentials: each certificate as an OpenBadgeCredential (VC Data Model 2.0),
signed by the institution's key as a VC-JWT (ES256), attached to the PDF, served as
`credential.json`, and revocable through a W3C Bitstring Status List.

Who signs: the issuer is `did:web:<host of SITE_URL>`. Its DID document, at
`/.well-known/did.json`, lists the current key and every retired one
(CERTIFICATE_RETIRED_KEYS), so credentials signed before a key rotation keep verifying; the same
keys are published as a JWKS at `/.well-known/jwks.json`. Each JWT names its key by `kid`, a DID
URL (`did:web:…#<thumbprint>`) that resolves to that document.

The key comes from the CERTIFICATE_SIGNING_KEY setting (a PEM EC P-256 private key). Without it
(development, tests) a key is generated once and kept in private storage, so credentials stay
verifiable across restarts of a developer's site.

The JWT carries the registered claims a verifier checks without reading the credential
(`iss`, `jti`, `sub` = credentialSubject.id, `nbf`, `exp` when the certificate expires) and the
credential itself in `vc`, as the Open Badges 3.0 VC-JWT format does.
"""

import base64
import functools
import hashlib
import hmac
import json
import os
import uuid
from datetime import UTC, datetime, time
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from .credit import format_amount
from .documents import document_for
from .models import Certificate

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = [VC_CONTEXT, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
OB3_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
ALGORITHM = "ES256"
STATUS_LIST_SIZE = 131_072  # bits: the minimum the Bitstring Status List asks for, for herd privacy


@functools.cache
def signing_key() -> ECKey:
    pem = getattr(settings, "CERTIFICATE_SIGNING_KEY", "")
    if pem:
        return ECKey.import_key(pem.encode() if isinstance(pem, str) else pem)
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "keys" / "dev-credential-signing-key.pem"
    if path.exists():
        return ECKey.import_key(path.read_bytes())
    key = ECKey.generate_key("P-256")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.as_pem(private=True))
    return key


@functools.cache
def retired_keys() -> tuple[ECKey, ...]:
    """Public keys that signed credentials before a rotation: published, never used to sign."""
    return tuple(ECKey.import_key(pem.encode()) for pem in getattr(settings, "CERTIFICATE_RETIRED_KEYS", []))


def issuer_id() -> str:
    """did:web for the site's host (a port is percent-encoded, as did:web says)."""
    return "did:web:" + quote(urlsplit(settings.SITE_URL).netloc, safe="")


def key_id(key: ECKey | None = None) -> str:
    return f"{issuer_id()}#{(key or signing_key()).thumbprint()}"


def published_keys() -> list[tuple[str, ECKey]]:
    """Every key a credential of ours may be signed with, current first, with its kid."""
    return [(key_id(key), key) for key in (signing_key(), *retired_keys())]


def public_jwk(kid: str, key: ECKey) -> dict:
    return {**key.as_dict(private=False), "kid": kid, "alg": ALGORITHM, "use": "sig"}


def jwks() -> dict:
    return {"keys": [public_jwk(kid, key) for kid, key in published_keys()]}


def did_document() -> dict:
    did = issuer_id()
    methods = [
        {"id": kid, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": key.as_dict(private=False)}
        for kid, key in published_keys()
    ]
    current = [methods[0]["id"]]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": current,
        "authentication": current,
    }


def verification_url(certificate: Certificate) -> str:
    return f"{settings.SITE_URL}/verify/{certificate.verification_code}/"


def status_list_url(number: int) -> str:
    return f"{settings.SITE_URL}/credentials/status/{number}"


def subject_id(certificate: Certificate) -> str:
    """The learner as a stable opaque URN: the same for all their credentials from this site,
    derived with the site's secret so it cannot be traced back to an account number."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"learner:{certificate.recipient_id}".encode(), hashlib.sha256
    ).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=4)}"


def achievement_id(certificate: Certificate) -> str:
    """The same for everyone certified for the same thing (kind and title) on this site."""
    name = f"{settings.SITE_URL}/achievements/{certificate.kind}/{certificate.title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def credential_payload(certificate: Certificate) -> dict:
    """The OpenBadgeCredential. The recipient is identified by an opaque subject id and a salted
    hash of their email (OB3 IdentityObject), so the credential does not expose the address."""
    credits = list(certificate.credits.all())
    kind = certificate.get_kind_display()
    narrative = f"Completed {certificate.title} ({kind})."
    if credits:
        narrative += " " + " ".join(
            f"Designated for a maximum of {format_amount(credit.designated)} {credit.get_system_display()}."
            for credit in credits
        )
    achievement = {
        "id": achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.title,
        "description": f"{kind}: {certificate.title}",
        "criteria": {"narrative": narrative},
        "creator": {"id": issuer_id(), "type": ["Profile"], "name": certificate.issuer},
    }
    if credits:
        achievement["creditsAvailable"] = float(credits[0].designated)
    elif certificate.hours is not None:
        achievement["creditsAvailable"] = float(certificate.hours)
    subject = {
        "id": subject_id(certificate),
        "type": ["AchievementSubject"],
        "identifier": [recipient_identity(certificate)],
        "achievement": achievement,
    }
    if credits and credits[0].claimed is not None:
        subject["creditsEarned"] = float(credits[0].claimed)
    if certificate.started_on:
        subject["activityStartDate"] = f"{certificate.started_on.isoformat()}T00:00:00Z"
    if certificate.ended_on:
        subject["activityEndDate"] = f"{certificate.ended_on.isoformat()}T23:59:59Z"
    credential = {
        "@context": OB3_CONTEXT,
        "id": verification_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title,
        "issuer": issuer_profile(certificate),
        "validFrom": utc(certificate.issued_at),
        "credentialSubject": subject,
        "credentialSchema": [OB3_SCHEMA],
    }
    return with_validity_and_status(credential, certificate)


def recipient_identity(certificate: Certificate) -> dict:
    """The recipient as an OB3 IdentityObject: a salted hash of their email, so a holder can
    prove the credential is theirs without the credential exposing the address."""
    salt = certificate.verification_code[:16]
    email_hash = hashlib.sha256((certificate.recipient.email + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${email_hash}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def issuer_profile(certificate: Certificate) -> dict:
    return {"id": issuer_id(), "type": ["Profile"], "name": certificate.issuer, "url": f"{settings.SITE_URL}/"}


def with_validity_and_status(credential: dict, certificate: Certificate) -> dict:
    """Adds the expiry and the revocation entry every credential of ours carries."""
    if certificate.expires_on:
        credential["validUntil"] = f"{certificate.expires_on.isoformat()}T23:59:59Z"
    if certificate.status_index is not None:
        list_url = status_list_url(certificate.status_list)
        credential["credentialStatus"] = {
            "id": f"{list_url}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": list_url,
        }
    return credential


def utc(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _expiry_timestamp(certificate: Certificate) -> int | None:
    if not certificate.expires_on:
        return None
    return int(datetime.combine(certificate.expires_on, time(23, 59, 59), tzinfo=UTC).timestamp())


def sign_claims(claims: dict) -> str:
    return jwt.encode({"alg": ALGORITHM, "typ": "JWT", "kid": key_id()}, claims, signing_key(), algorithms=[ALGORITHM])


def sign(certificate: Certificate) -> str:
    """The certificate's credential as a VC-JWT: an OpenBadgeCredential, or what its kind's
    registered document builds (a transcript's ClrCredential)."""
    document = document_for(certificate.kind)
    credential = document.credential(certificate) if document else credential_payload(certificate)
    claims = {
        "iss": issuer_id(),
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "vc": credential,
    }
    expiry = _expiry_timestamp(certificate)
    if expiry is not None:
        claims["exp"] = expiry
    return sign_claims(claims)


def _part(token: str, index: int) -> dict:
    """One JSON part of a JWT (0 the header, 1 the claims), read without checking the signature."""
    encoded = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


def _key_for(token: str) -> ECKey | None:
    """The published key the token names; tokens signed before keys had DID URLs name the bare
    thumbprint of the current key."""
    kid = _part(token, 0).get("kid", "")
    for published, key in published_keys():
        if kid in (published, key.thumbprint()):
            return key
    return None


def verify(certificate: Certificate) -> bool:
    """True when the stored credential's signature is one of our published keys and it names
    this certificate. Expiry and revocation are the verification page's to say, not this.

    The answer depends only on the signed token, the certificate's address and the keys we
    publish, so it is kept in the shared cache under all three: the public verification page
    and API check an ES256 signature once per credential, not once per visit. The status,
    read from the database on every visit, is never cached."""
    if not certificate.credential:
        return False
    fingerprint = hashlib.sha256(
        "\n".join(
            [certificate.credential, verification_url(certificate), *(kid for kid, _key in published_keys())]
        ).encode()
    ).hexdigest()
    key = f"credential-valid:{fingerprint}"
    valid = cache.get(key)
    if valid is None:
        valid = _verify_signature(certificate)
        cache.set(key, valid, VERIFIED_TIMEOUT)
    return valid


VERIFIED_TIMEOUT = 7 * 24 * 60 * 60


def _verify_signature(certificate: Certificate) -> bool:
    try:
        key = _key_for(certificate.credential)
        if key is None:
            return False
        token = jwt.decode(certificate.credential, key, algorithms=[ALGORITHM])
    except (JoseError, ValueError):
        return False
    return token.claims.get("jti") == verification_url(certificate) and token.claims.get("iss") in (
        issuer_id(),
        f"{settings.SITE_URL}/",  # credentials signed before the issuer became a did:web
    )


def signed_credential(token: str) -> dict:
    """The credential exactly as it was signed: the `vc` claim read out of the JWT, never
    rebuilt from today's data (a name corrected since, a template changed)."""
    return _part(token, 1)["vc"]
