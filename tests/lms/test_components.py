"""The interface's components (issue 18): status badges, empty states with a next step, and
the page that shows every component together."""

import re

import pytest
from django.template import Context, Template

from courses import services as courses
from fellowships.models import Application
from simulation.models import Booking
from tests.courses.factories import make_course
from tests.factories import UserFactory
from tests.fellowships.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _badge(record, field: str = "") -> str:
    tag = f'{{% status_badge record "{field}" %}}' if field else "{% status_badge record %}"
    return Template("{% load badges %}" + tag).render(Context({"record": record}))


@pytest.mark.parametrize(
    ("record", "tone", "label"),
    [
        (Booking(status="confirmed"), "ok", "Confirmed"),
        (Booking(status="waitlisted"), "wait", "Waitlisted"),
        (Application(status="rejected"), "stop", "Not accepted"),
        (Application(status="draft"), "plain", "Draft"),
    ],
)
def test_a_status_badge_names_the_state_and_colours_it_by_its_kind(record, tone, label):
    assert _badge(record) == f'<span class="badge badge-{tone}">{label}</span>'


def test_a_badge_shows_another_choice_field_such_as_a_result():
    assert _badge(Booking(result="failed"), "result") == '<span class="badge badge-stop">Not yet competent</span>'


def test_my_applications_show_each_status_as_a_badge(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    html = client.get("/applications/").text

    assert '<span class="badge badge-plain">Draft</span>' in html


@pytest.mark.parametrize(
    ("address", "next_step"),
    [
        ("/applications/", 'href="/programmes/"'),
        ("/simulation/bookings/", 'href="/simulation/"'),
        ("/courses/mine/", 'href="/courses/"'),
        ("/live/registrations/", 'href="/live/"'),
    ],
)
def test_an_empty_list_says_so_and_offers_the_next_step(client, address, next_step):
    client.force_login(UserFactory())

    html = client.get(address).text

    empty = re.search(r'<div class="empty"[^>]*>.*?</div>', html, re.S).group(0)
    assert next_step in empty and 'class="button"' in empty
    assert "<table" not in html.split('<div class="empty"')[0].split("<h1")[1]


def test_the_next_step_of_an_empty_list_keeps_the_readers_language(client):
    client.force_login(UserFactory())

    html = client.get("/es/courses/mine/").text

    assert 'href="/es/courses/"' in html


def test_my_courses_shows_its_pages_below_the_list_not_in_the_title(client):
    learner = UserFactory()
    for _ in range(21):
        courses.enrol(actor=learner, course=make_course())
    client.force_login(learner)

    html = client.get("/courses/mine/").text

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<nav" not in title and "Page 1 of 2" not in title
    assert html.index('class="cards"') < html.index("Page 1 of 2")


def test_the_components_page_shows_every_component_in_the_readers_language(client):
    html = client.get("/es/design/").text

    assert "Componentes de la interfaz" in html
    for component in (
        'class="button"',
        'class="button secondary"',
        'class="page-actions"',
        'class="toggle"',
        'class="badge badge-ok"',
        'class="badge badge-wait"',
        'class="badge badge-stop"',
        'class="message message-success"',
        'class="notice"',
        'class="cards"',
        "<progress",
        '<table class="stack">',
        'class="errors"',
        'class="error"',
        'class="empty"',
        "Página 2 de 3",
    ):
        assert component in html, component
    assert '<meta name="robots" content="noindex">' in html


def test_a_badge_reads_the_language_of_each_render():
    from django.utils import translation

    with translation.override("es"):
        spanish = _badge(Booking(status="waitlisted"))
    english = _badge(Booking(status="waitlisted"))

    assert ">En lista de espera<" in spanish and ">Waitlisted<" in english
