"""Long dates in the reader's language (issue 18): the language's own order and words, the
weekday first, and Catalan's "de"/"d'" before the month that Django's catalogue leaves out."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tests.simulation.factories import SessionFactory

MADRID = ZoneInfo("Europe/Madrid")
EPIPHANY = datetime.datetime(2027, 1, 6, 14, 30, tzinfo=MADRID)
IN_APRIL = datetime.datetime(2027, 4, 6, 9, 5, tzinfo=MADRID)


def _render(source: str, language: str, moment: datetime.datetime) -> str:
    with translation.override(language):
        return Template("{% load dates %}" + source).render(Context({"moment": moment}))


def test_an_english_reader_reads_day_month_year_not_the_american_order():
    assert _render('{{ moment|date:"DATE_FORMAT" }}', "en", EPIPHANY) == "6 January 2027"


def test_a_spanish_reader_reads_the_weekday_and_the_date_in_spanish_order():
    assert _render("{{ moment|weekday_date }}", "es", EPIPHANY) == "miércoles 6 de enero de 2027"


def test_a_spanish_reader_reads_the_time_after_a_las():
    assert _render("{{ moment|weekday_datetime }}", "es", EPIPHANY) == "miércoles 6 de enero de 2027 a las 14:30"


def test_a_catalan_reader_reads_de_or_d_before_the_month_and_a_lowercase_weekday():
    assert _render("{{ moment|weekday_date|safe }}", "ca", EPIPHANY) == "dimecres 6 de gener de 2027"
    assert _render("{{ moment|weekday_date|safe }}", "ca", IN_APRIL) == "dimarts 6 d'abril de 2027"


def test_a_french_reader_reads_the_month_in_french():
    assert _render("{{ moment|weekday_date }}", "fr", IN_APRIL) == "mardi 6 avril 2027"


@pytest.mark.django_db
def test_the_session_page_in_spanish_writes_its_date_in_spanish(client):
    session = SessionFactory(starts_at=IN_APRIL, ends_at=IN_APRIL + datetime.timedelta(hours=2))

    html = client.get(f"/es/simulation/sessions/{session.pk}/").text

    assert "martes 6 de abril de 2027 a las 09:05" in html
    assert "April" not in html and "Tuesday" not in html


def test_no_template_writes_a_long_date_by_hand():
    """A hand-written "j F Y" prints every language in English order ("6 enero 2027")."""
    hand_written = re.compile(r"""date:["'][lD]?\s*j F Y""")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if hand_written.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_the_session_page_in_catalan_writes_its_start_and_end_the_same_way(client):
    session = SessionFactory(starts_at=IN_APRIL, ends_at=IN_APRIL + datetime.timedelta(hours=2))

    html = client.get(f"/ca/simulation/sessions/{session.pk}/").text

    assert "dimarts 6 d&#x27;abril de 2027 a les 9:05–11:05" in html
