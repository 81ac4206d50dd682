"""Validation and private storage of uploaded files (application documents, assignments).

The type is decided by the file's content (its magic bytes), never by its name or the browser's
Content-Type, and files live in the "private" storage, which has no public URL: views that
check who asks stream them.
"""

import os
import uuid

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .storage import private_storage as _private_storage

# Types a person may upload anywhere here, by content, with the extension we store them under.
KNOWN_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

ERROR_EMPTY_FILE = _("The file is empty.")
ERROR_FILE_TOO_BIG = _("The file is too big: at most %(limit)s MB.")
ERROR_FILE_TYPE = _("This kind of file is not accepted here: please upload %(allowed)s.")


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
        head.decode("utf-8")
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


def validate_upload(
    upload: UploadedFile, *, allowed: list[str] | tuple[str, ...], max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """Check size and type by content; return the detected extension. Raises ValidationError
    with a message meant for the person who uploaded it."""
    if upload.size == 0:
        raise ValidationError(ERROR_EMPTY_FILE, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(ERROR_FILE_TOO_BIG, code="too_big", params={"limit": max_bytes // (1024 * 1024)})
    detected = detect_type(upload)
    if detected not in allowed:
        raise ValidationError(ERROR_FILE_TYPE, code="type", params={"allowed": ", ".join(a.upper() for a in allowed)})
    return detected


def store_private(upload: UploadedFile, *, folder: str, extension: str) -> str:
    """Save under an unguessable name in private storage; return the storage name."""
    name = os.path.join(folder, f"{uuid.uuid4().hex}.{extension}")
    return private_storage().save(name, upload)
