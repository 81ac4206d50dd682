"""Revocation that verifies offline: a W3C Bitstring Status List (VC Data Model 2.0).

Every credential names one bit of a list (`credentialStatus`), chosen at random when it is first
signed so a bit's position says nothing about who or when. The list credential, served at
`/credentials/status/<n>`, is signed with the same key as the credentials: a verifier fetches
it once, checks its signature, and reads the bit. A revoked or superseded certificate has its
bit set; the list is rebuilt from the certificates' statuses through the outbox after every such
change (published at once after commit; at worst the next relay, every 5 s), so it is never
edited in place and a lost update is repaired by the next one.

Lists hold 131,072 bits (the minimum the specification asks for, for herd privacy). Certificate
number n (its primary key) goes in list 1 + n // 65,536, so no list is ever more than half full
and a random free bit is found in a few tries, without counting the certificates on every render.
"""

import base64
import gzip
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms import outbox

from . import credentials
from .models import Certificate, StatusList

PUBLISH = "certificates.status_list"
UNUSABLE = (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED)


def list_number(certificate: Certificate) -> int:
    return 1 + certificate.pk // (credentials.STATUS_LIST_SIZE // 2)


def allocate_bit(certificate: Certificate) -> Certificate:
    """Gives the certificate its random bit, once; a collision tries another (in a savepoint of
    the caller's transaction, when there is one)."""
    number = list_number(certificate)
    while certificate.status_index is None:
        index = secrets.randbelow(credentials.STATUS_LIST_SIZE)
        try:
            with transaction.atomic():
                taken = Certificate.objects.filter(pk=certificate.pk, status_index=None).update(
                    status_list=number, status_index=index
                )
        except IntegrityError:
            continue
        if taken:
            certificate.status_list, certificate.status_index = number, index
        else:  # another render of the same certificate allocated first: use its bit
            certificate.refresh_from_db(fields=["status_list", "status_index"])
    return certificate


def encoded_list(number: int) -> str:
    """The list's bits, GZIP-compressed and base64url-encoded with the multibase prefix "u";
    bit 0 is the most significant bit of the first byte."""
    bits = bytearray(credentials.STATUS_LIST_SIZE // 8)
    unusable = Certificate.objects.filter(status_list=number, status__in=UNUSABLE).exclude(status_index=None)
    for index in unusable.values_list("status_index", flat=True):
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def list_credential(number: int) -> dict:
    url = credentials.status_list_url(number)
    return {
        "@context": [credentials.VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": credentials.issuer_id(),
        "validFrom": credentials.utc(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(number),
        },
    }


def signed_list(number: int) -> str:
    """List `number` built from the certificates' statuses now, signed as a VC-JWT."""
    credential = list_credential(number)
    return credentials.sign_claims(
        {
            "iss": credential["issuer"],
            "jti": credential["id"],
            "sub": credential["credentialSubject"]["id"],
            "nbf": int(timezone.now().timestamp()),
            "vc": credential,
        }
    )


@outbox.handles(PUBLISH)
def publish(*, number: int) -> StatusList:
    """Rebuild list `number`, sign it and store it for verifiers."""
    status_list, _created = StatusList.objects.update_or_create(number=number, defaults={"token": signed_list(number)})
    return status_list


def current_token(number: int) -> str | None:
    """What verifiers are served: the stored list, or, before the first revocation in it, one
    signed now and not stored (a GET writes nothing). None for a list no certificate uses."""
    stored = StatusList.objects.filter(number=number).values_list("token", flat=True).first()
    if stored:
        return stored
    if not Certificate.objects.filter(status_list=number).exclude(status_index=None).exists():
        return None
    return signed_list(number)


def republish_after_change(certificate: Certificate, **_context) -> None:
    """A revocation or a replacement: the list the certificate's bit is in is rebuilt."""
    if certificate.status_index is not None:
        outbox.enqueue(PUBLISH, number=certificate.status_list)
