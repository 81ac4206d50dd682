"""One upload policy for every file people send us (application documents, assignments, and
later signature images and case attachments).

- The type is decided by the file's content (its magic bytes), never by the browser's
  Content-Type, and must match the name's extension (a text file named .pdf is refused).
- Office files are zips: opened, and refused past limits on entries, uncompressed size and
  compression ratio (a zip bomb disguised as a .docx), without decompressing anything.
- PDFs are parsed and refused when unparseable, when they carry JavaScript or launch actions,
  or when they are also HTML (a PDF/HTML polyglot).
- Images are re-encoded by Pillow: what is stored is pixels only, with every metadata field
  (EXIF, GPS, comments) gone.
- Files live in the "private" storage, which has no public URL; views that check who asks
  serve them with `file_response`: their real type, as an attachment (and nosniff, site-wide).
"""

import codecs
import io
import os
import re
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from .storage import private_storage as _private_storage

# Types a person may upload anywhere here, by content, with the extension we store them under.
KNOWN_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",  # only UTF-8 text passes detect_type
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Shown in the browser when asked (a grader reading a submission); the rest always download.
# Each is served with its checked type and nosniff, so none runs as a page.
INLINE_TYPES = {"pdf", "jpg", "png", "txt"}
TEXT_PREVIEW_BYTES = 100_000

ERROR_EMPTY_FILE = _("The file is empty.")
ERROR_FILE_TOO_BIG = _("The file is too big: at most %(limit)s MB.")
ERROR_FILE_TYPE = _("This kind of file is not accepted here: please upload %(allowed)s.")
ERROR_EXTENSION = _("The file's name ends in “.%(named)s” but it holds a %(actual)s file: upload the right file.")
ERROR_ARCHIVE = _("This document could not be opened safely (it is damaged or unusually large inside).")
ERROR_PDF_UNREADABLE = _("This PDF could not be read: save it again from its application and upload it.")
ERROR_PDF_ACTIVE = _("This PDF contains scripts or actions, which we do not accept: print it to a new PDF first.")
ERROR_IMAGE = _("This image could not be read: save it again as JPEG or PNG and upload it.")

# Office documents are zips: limits that no real CV or letter comes near.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
EXTENSION_ALIASES = {"jpeg": "jpg"}
_ACTIVE_PDF_NAMES = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
_HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe", b"<svg")


def private_storage():
    return _private_storage


def detect_type(upload: UploadedFile) -> str | None:
    """The extension matching the file's content, or None when it is not a known type."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        if kind.extension == "zip" or kind.mime == "application/zip":
            return _office_zip_type(upload)
        return "jpg" if kind.extension in {"jpg", "jpeg"} else kind.extension
    try:
        # Incremental, not final: a character cut by the 8 KB window is not a decoding error
        # (valid Arabic or Greek text was refused when a character straddled byte 8,192).
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return "txt" if b"\x00" not in head else None


def _office_zip_type(upload: UploadedFile) -> str | None:
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype") == b"application/vnd.oasis.opendocument.text":
                return "odt"
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the policy: its type, and the content to store (for images, the
    re-encoded pixels, not what was sent)."""

    extension: str
    content: File
    original_name: str
    size: int


def validate_upload(
    upload: UploadedFile, *, allowed: list[str] | tuple[str, ...], max_bytes: int = DEFAULT_MAX_BYTES
) -> CheckedUpload:
    """Apply the policy. Raises ValidationError with a message meant for the person who
    uploaded the file, and a code tests and the API can rely on."""
    if upload.size == 0:
        raise ValidationError(ERROR_EMPTY_FILE, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(ERROR_FILE_TOO_BIG, code="too_big", params={"limit": max_bytes // (1024 * 1024)})
    detected = detect_type(upload)
    if detected not in allowed:
        raise ValidationError(ERROR_FILE_TYPE, code="type", params={"allowed": ", ".join(a.upper() for a in allowed)})
    named = os.path.splitext(upload.name or "")[1].lstrip(".").lower()
    if EXTENSION_ALIASES.get(named, named) != detected:
        raise ValidationError(ERROR_EXTENSION, code="extension", params={"named": named, "actual": detected.upper()})
    content: File = upload
    if detected in ("docx", "odt"):
        _check_office_archive(upload)
    elif detected == "pdf":
        _check_pdf(upload)
    elif detected in ("jpg", "png"):
        content = _reencoded_image(upload, detected)
    upload.seek(0)
    return CheckedUpload(extension=detected, content=content, original_name=(upload.name or "")[:255], size=upload.size)


def _check_office_archive(upload: UploadedFile) -> None:
    """Entry count, total uncompressed size and compression ratio, read from the zip's
    directory: nothing is decompressed, so a bomb costs nothing to refuse."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ValidationError(ERROR_ARCHIVE, code="archive") from error
    finally:
        upload.seek(0)
    uncompressed = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries) or 1
    if (
        len(entries) > ZIP_MAX_ENTRIES
        or uncompressed > ZIP_MAX_UNCOMPRESSED
        or uncompressed / compressed > ZIP_MAX_RATIO
    ):
        raise ValidationError(ERROR_ARCHIVE, code="archive")


def _check_pdf(upload: UploadedFile) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    lowered = data.lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        raise ValidationError(ERROR_PDF_ACTIVE, code="pdf_active")
    # Names may be written with #xx escapes (/J#61vaScript): read them as a PDF reader would.
    names = re.sub(rb"#([0-9A-Fa-f]{2})", lambda match: bytes([int(match.group(1), 16)]), data)
    if any(name in names for name in _ACTIVE_PDF_NAMES):
        raise ValidationError(ERROR_PDF_ACTIVE, code="pdf_active")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        active = _has_active_content(reader.trailer["/Root"])
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        raise ValidationError(ERROR_PDF_UNREADABLE, code="pdf_unreadable") from error
    if pages == 0:
        raise ValidationError(ERROR_PDF_UNREADABLE, code="pdf_unreadable")
    if active:
        raise ValidationError(ERROR_PDF_ACTIVE, code="pdf_active")


def _has_active_content(root, *, limit: int = 20000) -> bool:
    """Walk every object reachable from the catalog (objects hidden in compressed object
    streams too, which a byte scan cannot see) looking for scripts, launch actions and
    embedded files."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack and len(seen) < limit:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if any(str(name) in {"/JS", "/JavaScript", "/EmbeddedFile", "/RichMedia"} for name in node):
                return True
            if str(node.get("/S", "")) in {"/JavaScript", "/Launch"}:
                return True
            stack.extend(value for name, value in node.items() if name != "/Parent")
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def _reencoded_image(upload: UploadedFile, extension: str) -> ContentFile:
    """The pixels only: Pillow decodes and encodes again, so EXIF (GPS, camera, names),
    comments and anything appended after the image are left behind."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            output = io.BytesIO()
            if extension == "jpg":
                image.convert("RGB").save(output, format="JPEG", quality=90)
            else:
                image.save(output, format="PNG")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(ERROR_IMAGE, code="image") from error
    finally:
        upload.seek(0)
    return ContentFile(output.getvalue())


def store_private(checked: CheckedUpload, *, folder: str) -> str:
    """Save what passed the policy under an unguessable name in private storage; return the
    storage name."""
    name = os.path.join(folder, f"{uuid.uuid4().hex}.{checked.extension}")
    return private_storage().save(name, checked.content)


def file_response(field_file, *, filename: str, inline: bool = False) -> FileResponse:
    """Serve a stored upload with the type its content was checked to be, never one guessed
    from the name it was sent with, and as an attachment, unless `inline` is asked for a type
    a browser shows safely (PDF, images, plain text: see `INLINE_TYPES`)."""
    extension = os.path.splitext(field_file.name)[1].lstrip(".").lower()
    return FileResponse(
        field_file.open("rb"),
        as_attachment=not (inline and extension in INLINE_TYPES),
        filename=filename or os.path.basename(field_file.name),
        content_type=KNOWN_TYPES.get(extension, "application/octet-stream"),
    )


@dataclass(frozen=True)
class Preview:
    """How a stored upload is shown on a page: an image, a PDF to open in the browser, text
    (its first TEXT_PREVIEW_BYTES, decoded), or nothing (a word-processor file downloads)."""

    kind: str  # "image", "pdf", "text" or ""
    text: str = ""
    cut: bool = False


def preview_of(field_file) -> Preview:
    extension = os.path.splitext(field_file.name)[1].lstrip(".").lower()
    if extension in {"jpg", "png"}:
        return Preview("image")
    if extension == "pdf":
        return Preview("pdf")
    if extension == "txt":
        try:
            with field_file.open("rb") as handle:
                head = handle.read(TEXT_PREVIEW_BYTES + 1)
        except OSError:  # gone from storage: the page still opens, the download says so
            return Preview("")
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        text = decoder.decode(head[:TEXT_PREVIEW_BYTES], final=len(head) <= TEXT_PREVIEW_BYTES)
        return Preview("text", text=text, cut=len(head) > TEXT_PREVIEW_BYTES)
    return Preview("")
