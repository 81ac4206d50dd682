"""Graders read a submitted file on the grading page: text as text, images inline, a PDF in
the browser; word-processor files still download. They had to download every file."""

import io

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses import services
from lms.uploads import file_response
from tests.courses.factories import assignment_block, lessons_of, make_course
from tests.factories import FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db



def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _submitted(name: str, content: bytes):
    course = make_course(lessons=[[assignment_block(allowed=("pdf", "txt", "png"))]])
    lesson = lessons_of(course)[0]
    learner = UserFactory()
    services.enrol(actor=learner, course=course)
    return services.submit_assignment(
        actor=learner, lesson=lesson, block_id=lesson.activities()[0].id, upload=SimpleUploadedFile(name, content)
    )


def _as_grader(client, submission):
    client.force_login(submission.enrolment.course.faculty.get())
    return client.get(f"/courses/submissions/{submission.pk}/grade/").content.decode()


def test_a_text_file_is_shown_as_text_on_the_grading_page(client):
    submission = _submitted("reflection.txt", "Reflexión: the child was <b>grey</b> and floppy.\n".encode())

    page = _as_grader(client, submission)

    assert '<pre class="preview" dir="auto" tabindex="0">Reflexión: the child was &lt;b&gt;grey&lt;/b&gt;' in page


def test_an_image_is_shown_inline_and_served_inline(client):
    submission = _submitted("rash.png", _png())

    page = _as_grader(client, submission)
    response = client.get(f"/courses/submissions/{submission.pk}/file/?view=inline")

    assert f'src="/courses/submissions/{submission.pk}/file/?view=inline"' in page
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_a_pdf_opens_in_the_browser_when_asked_and_downloads_otherwise(client):
    submission = _submitted("work.pdf", _pdf())
    page = _as_grader(client, submission)

    inline = client.get(f"/courses/submissions/{submission.pk}/file/?view=inline")
    download = client.get(f"/courses/submissions/{submission.pk}/file/")

    assert "Read the PDF in the browser" in page
    assert (inline["Content-Type"], inline["Content-Disposition"].split(";")[0]) == ("application/pdf", "inline")
    assert download["Content-Disposition"].startswith("attachment")


def test_a_word_processor_file_always_downloads():
    stored = File(ContentFile(b"PK\x03\x04"), name="essay.docx")

    response = file_response(stored, filename="essay.docx", inline=True)

    assert response["Content-Disposition"].startswith("attachment")


def test_another_teacher_cannot_open_the_file_inline(client):
    submission = _submitted("reflection.txt", b"My reflection")
    client.force_login(FacultyFactory())

    assert client.get(f"/courses/submissions/{submission.pk}/file/?view=inline").status_code == 404


def test_the_grading_page_opens_when_the_text_file_is_gone_from_storage(client):
    submission = _submitted("reflection.txt", b"My reflection")
    submission.file.storage.delete(submission.file.name)

    client.force_login(submission.enrolment.course.faculty.get())

    assert client.get(f"/courses/submissions/{submission.pk}/grade/").status_code == 200


def test_a_character_cut_by_the_preview_limit_is_not_shown_as_garbage(client):
    from lms.uploads import TEXT_PREVIEW_BYTES

    text = ("a" * (TEXT_PREVIEW_BYTES - 1) + "é" + "b" * 10).encode()
    submission = _submitted("long.txt", text)

    page = _as_grader(client, submission)

    assert "\ufffd" not in page and "Only the beginning is shown" in page


def test_text_is_served_inline_as_utf_8(client):
    submission = _submitted("reflection.txt", "Réflexion".encode())
    client.force_login(submission.enrolment.course.faculty.get())

    response = client.get(f"/courses/submissions/{submission.pk}/file/?view=inline")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
