import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lms.uploads import detect_type, private_storage, store_private, validate_upload
from tests import files

PDF = files.MINIMAL_PDF
PNG = files.image("png")


def _docx() -> bytes:
    return files.docx()


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
    checked = validate_upload(SimpleUploadedFile("my cv.pdf", PDF), allowed=["pdf"])
    name = store_private(checked, folder="documents")

    assert name.startswith("documents/") and name.endswith(".pdf") and "my cv" not in name
    assert private_storage().open(name).read() == PDF


# The upload policy


def _refusal(name: str, content: bytes, allowed=("pdf", "docx", "odt", "jpg", "png", "txt")) -> str:
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content), allowed=allowed)
    return error.value.code


def test_a_text_file_named_pdf_is_refused_for_its_extension():
    assert _refusal("cv.pdf", b"Just some text, not a PDF.") == "extension"


def test_a_zip_bomb_disguised_as_a_docx_is_refused_without_unpacking_it():
    bomb = files.docx_bomb()

    assert len(bomb) < 1024 * 1024
    assert _refusal("letter.docx", bomb) == "archive"


def test_an_ordinary_docx_is_accepted():
    assert validate_upload(SimpleUploadedFile("letter.docx", _docx()), allowed=["docx"]).extension == "docx"


@pytest.mark.parametrize("escaped", [False, True])
def test_a_pdf_with_javascript_is_refused(escaped):
    assert _refusal("cv.pdf", files.pdf_with_javascript(escaped=escaped)) == "pdf_active"


def test_a_pdf_html_polyglot_is_refused():
    assert _refusal("cv.pdf", files.pdf_html_polyglot()) == "pdf_active"


def test_an_unparseable_pdf_is_refused():
    assert _refusal("cv.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") == "pdf_unreadable"


def test_images_are_re_encoded_without_their_metadata():
    sent = files.image("jpg", exif_artist="Dr Amina Okoro, Kigali")
    assert b"Amina" in sent

    checked = validate_upload(SimpleUploadedFile("scan.jpg", sent), allowed=["jpg"])
    stored = checked.content.read()

    assert b"Amina" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (8, 8) and not image.getexif()


def test_a_jpeg_named_jpeg_is_a_jpg():
    assert validate_upload(SimpleUploadedFile("scan.JPEG", files.image("jpg")), allowed=["jpg"]).extension == "jpg"


def test_stored_files_are_served_as_their_checked_type_and_as_attachments():
    from lms.uploads import file_response

    checked = validate_upload(SimpleUploadedFile("essay.txt", b"Mi ensayo"), allowed=["txt"])
    name = store_private(checked, folder="submissions")
    field_file = type("Stored", (), {"name": name, "open": lambda self, mode: private_storage().open(name, mode)})()

    # even when the name it is offered under says otherwise
    response = file_response(field_file, filename="essay.pdf")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")


def test_utf_8_text_with_a_character_across_the_8_kb_window_is_text():
    """Valid Arabic text was refused when a character straddled the bytes read to detect the type."""
    content = ("a" * 8191).encode() + "ع".encode() + " نص".encode()

    assert detect_type(SimpleUploadedFile("notes.txt", content)) == "txt"
