"""Every CSV export quotes text a spreadsheet would run as a formula (CSV injection): names,
institutions and comments are typed by people. The reports' CSV had the guard; the gradebook,
pipeline, CPD and audit exports did not (their tests stand beside each export's own)."""

import csv
import io

import pytest

from lms.exports import neutralised
from lms.services import record_event
from tests.factories import FORMULA_NAME, CoordinatorFactory

pytestmark = pytest.mark.django_db

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


def test_the_audit_csv_quotes_a_formula_in_a_comment(client):
    office = CoordinatorFactory()
    record_event(actor=office, verb="note.added", target=office, comment=FORMULA_NAME)
    client.force_login(office)

    body = b"".join(client.get("/office/audit.csv", {"verb": "note"}).streaming_content).decode()

    assert [row[-1] for row in _rows(body) if row[4] == "note.added"] == [f"'{FORMULA_NAME}"]
