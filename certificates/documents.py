"""Certificate kinds whose document is not the one-page certificate.

A kind may register how its signed credential and its PDF are built: competencies registers
the transcript (a CLR 2.0 ClrCredential and a multi-page record), so a transcript is issued,
signed, rendered, revoked and verified as every certificate is, while this app never imports
the app that issues it. Kinds without a registration get the Open Badges 3.0 credential and
the certificate page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Certificate


@dataclass(frozen=True)
class Document:
    credential: Callable[[Certificate], dict]  # the unsigned credential to sign as a VC-JWT
    html: Callable[[Certificate], str]  # the PDF's HTML
    attachment_name: str  # the signed credential's file name inside the PDF
    attachment_description: str


_documents: dict[str, Document] = {}


def register_document(kind: str, document: Document) -> None:
    _documents[kind] = document


def document_for(kind: str) -> Document | None:
    return _documents.get(kind)
