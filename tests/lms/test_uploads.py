import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.uploads import detect_type, private_storage, store_private, validate_upload

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PDF, "pdf"), (PNG, "png"), (_docx(), "docx"), ("Motivación ✓".encode(), "txt"), (b"\x00\x01\x02\xff", None)],
)
def test_type_is_detected_from_content_not_name(content, expected):
    assert detect_type(SimpleUploadedFile("whatever.pdf", content)) == expected


def test_a_renamed_executable_is_refused_with_the_allowed_types():
    upload = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 100)

    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed=["pdf", "docx"])

    assert error.value.code == "type"
    assert "PDF, DOCX" in error.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("cv.pdf", b""), allowed=["pdf"])

    assert error.value.code == "empty"


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("cv.pdf", PDF + b"0" * 2048), allowed=["pdf"], max_bytes=1024)

    assert error.value.code == "too_big"


def test_stored_files_get_unguessable_names_in_private_storage():
    name = store_private(SimpleUploadedFile("my cv.pdf", PDF), folder="documents", extension="pdf")

    assert name.startswith("documents/") and name.endswith(".pdf") and "my cv" not in name
    assert private_storage().open(name).read() == PDF
