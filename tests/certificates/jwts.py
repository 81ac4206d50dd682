"""Reading credentials back as a verifier's own code would, independently of certificates.credentials."""

import base64
import gzip
import json


def _unpadded(encoded: str) -> bytes:
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def jwt_header(token: str) -> dict:
    return json.loads(_unpadded(token.split(".")[0]))


def jwt_claims(token: str) -> dict:
    """The claims, signature unchecked (the tests that check it use PyJWT)."""
    return json.loads(_unpadded(token.split(".")[1]))


def status_bit(encoded_list: str, index: int) -> bool:
    """Bit `index` of a Bitstring Status List's `encodedList`: multibase "u" + base64url of the
    GZIP-compressed bits, at least 131,072 of them, bit 0 the most significant of the first byte."""
    assert encoded_list.startswith("u")
    bits = gzip.decompress(_unpadded(encoded_list[1:]))
    assert len(bits) * 8 >= 131_072
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
