"""Reading certificate PDFs back: text, metadata, attachments, and the QR code decoded from a
rendered image of the page."""

import io
import subprocess

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_metadata(data: bytes) -> dict:
    return dict(PdfReader(io.BytesIO(data)).metadata or {})


def pdf_attachments(data: bytes) -> dict[str, bytes]:
    reader = PdfReader(io.BytesIO(data))
    return {name: contents[0] for name, contents in reader.attachments.items()}


def pdf_page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def decoded_qr_codes(data: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_xmp(data: bytes) -> str:
    """The document's XMP metadata packet (where PDF/A conformance is declared)."""
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    return root["/Metadata"].get_object().get_data().decode()


def poppler_text(data: bytes) -> str:
    """The text layer as poppler's pdftotext reads it: it honours /ActualText, as Acrobat's
    copy, search and screen readers do (pypdf does not)."""
    return subprocess.run(
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
