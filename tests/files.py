"""Real sample files for upload tests, made here (no binary fixtures in the repository)."""

import io
import zipfile

from PIL import Image

# A one-page PDF as pypdf writes it: parseable, nothing active.
MINIMAL_PDF = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n/Type /Pages\n"
    b"/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 obj\n"
    b"<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 72 72 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n"
    b"0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n"
    b"0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n254\n%%EOF\n"
)


def pdf_with_javascript(*, escaped: bool = False) -> bytes:
    """A PDF whose catalog runs a script on opening (optionally with the name #xx-escaped)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    return data.replace(b"/JavaScript", b"/J#61vaScript") if escaped else data


def pdf_html_polyglot() -> bytes:
    return MINIMAL_PDF.replace(b"%%EOF", b"<html><script>alert(1)</script></html>\n%%EOF")


def image(extension: str, *, exif_artist: str | None = None) -> bytes:
    picture = Image.new("RGB", (8, 8), "teal")
    buffer = io.BytesIO()
    exif = Image.Exif()
    if exif_artist:
        exif[0x013B] = exif_artist  # Artist
    picture.save(buffer, format="JPEG" if extension == "jpg" else "PNG", exif=exif.tobytes() if exif_artist else b"")
    return buffer.getvalue()


def docx(*, body: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def docx_bomb() -> bytes:
    """A .docx whose document expands 1000 times: 50 MB of zeros in about 50 KB."""
    return docx(body=b"\x00" * (50 * 1024 * 1024))
