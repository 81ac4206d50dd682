"""Open Badges 3.0 credentials: each certificate as an OpenBadgeCredential, signed by the
institution's key as a VC-JWT (ES256), attached to the PDF and checked on verification.

The key comes from the CERTIFICATE_SIGNING_KEY setting (a PEM EC P-256 private key). Without
it (development, tests) a key is generated once and kept in private storage, so credentials
stay verifiable across restarts of a developer's site.
"""

import base64
import functools
import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from .models import Certificate

OB3_CONTEXT = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "ES256"


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


def key_id() -> str:
    return signing_key().thumbprint()


def issuer_id() -> str:
    return f"{settings.SITE_URL}/"


def credential_payload(certificate: Certificate) -> dict:
    """The OpenBadgeCredential. The recipient is identified by a salted hash of their email
    (OB3 IdentityObject), so the credential does not expose the address."""
    salt = certificate.verification_code[:16]
    email_hash = hashlib.sha256((certificate.recipient.email + salt).encode()).hexdigest()
    verify_url = f"{settings.SITE_URL}/verify/{certificate.verification_code}/"
    credential = {
        "@context": OB3_CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title,
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": certificate.issuer},
        "issuanceDate": certificate.issued_at.isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": f"sha256${email_hash}",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": f"{verify_url}#achievement",
                "type": ["Achievement"],
                "name": certificate.title,
                "description": f"{certificate.get_kind_display()}: {certificate.title}",
                "criteria": {"narrative": f"Completed {certificate.title} ({certificate.get_kind_display()})."},
                "achievementType": "Certificate",
            },
        },
    }
    if certificate.expires_on:
        credential["expirationDate"] = f"{certificate.expires_on.isoformat()}T23:59:59Z"
    if certificate.hours is not None:
        credential["credentialSubject"]["achievement"]["creditsAvailable"] = float(certificate.hours)
    return credential


def sign(certificate: Certificate) -> str:
    credential = credential_payload(certificate)
    claims = {
        "iss": issuer_id(),
        "jti": credential["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "sub": credential["credentialSubject"]["identifier"][0]["identityHash"],
        "vc": credential,
    }
    return jwt.encode({"alg": ALGORITHM, "typ": "JWT", "kid": key_id()}, claims, signing_key(), algorithms=[ALGORITHM])


def verify(certificate: Certificate) -> bool:
    """True when the stored credential's signature is ours and it names this certificate."""
    if not certificate.credential:
        return False
    try:
        token = jwt.decode(certificate.credential, signing_key(), algorithms=[ALGORITHM])
    except (JoseError, ValueError):
        return False
    verify_url = f"{settings.SITE_URL}/verify/{certificate.verification_code}/"
    return token.claims.get("jti") == verify_url and token.claims.get("iss") == issuer_id()


def signed_credential(token: str) -> dict:
    """The credential exactly as it was signed: the `vc` claim read out of the JWT, never
    rebuilt from today's data (a name corrected since, a template changed)."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims["vc"]


def public_jwk() -> dict:
    return {**signing_key().as_dict(private=False), "kid": key_id(), "alg": ALGORITHM, "use": "sig"}
