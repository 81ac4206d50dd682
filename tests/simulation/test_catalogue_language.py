"""Scenario titles, disciplines, checklists and rooms in the reader's language (issue 18):
each has a column per language, English required, a blank language reading as English."""

import pytest
from django.utils import translation

from lms.roles import ensure_role_groups
from reports import selectors as reports
from simulation import services
from simulation.models import Room
from tests.factories import CoordinatorFactory, UserFactory
from tests.simulation.factories import RoomFactory, ScenarioFactory, SessionFactory, make_held_session

pytestmark = pytest.mark.django_db


def _bilingual_session():
    scenario = ScenarioFactory(
        title_en="Paediatric sepsis on the ward",
        title_es="Sepsis pediátrica en planta",
        discipline_en="Paediatric sepsis",
        discipline_es="Sepsis pediátrica",
    )
    room = RoomFactory(name_en="Skills room 3", name_es="Sala de habilidades 3")
    return SessionFactory(scenario=scenario, room=room)


def test_the_session_list_names_the_scenario_discipline_and_room_in_the_readers_language(client):
    _bilingual_session()

    spanish = client.get("/es/simulation/").text
    english = client.get("/simulation/").text

    assert "Sepsis pediátrica en planta" in spanish and "Sala de habilidades 3" in spanish
    assert "Paediatric sepsis on the ward" not in spanish and "Skills room 3" not in spanish
    assert "Paediatric sepsis on the ward" in english and "Skills room 3" in english


def test_a_language_left_blank_reads_as_english(client):
    _bilingual_session()

    french = client.get("/fr/simulation/").text

    assert "Paediatric sepsis on the ward" in french and "Skills room 3" in french


def test_the_discipline_filter_names_disciplines_in_the_readers_language_and_keeps_the_english_value(client):
    _bilingual_session()
    SessionFactory(scenario=ScenarioFactory(title="Airway", discipline="Difficult airway"))

    spanish = client.get("/es/simulation/").text
    filtered = client.get("/es/simulation/", {"discipline": "Paediatric sepsis"}).text

    assert '<option value="Paediatric sepsis">Sepsis pediátrica</option>' in spanish
    assert "Sepsis pediátrica en planta" in filtered and "Airway" not in filtered.split("<table")[1]


def test_the_api_filters_by_a_discipline_named_in_any_language(client):
    session = _bilingual_session()
    SessionFactory(scenario=ScenarioFactory(discipline="Difficult airway"))
    client.force_login(UserFactory())

    body = client.get("/api/v1/simulation/sessions/", {"discipline": "sepsis pediátrica"}).json()

    assert [row["id"] for row in body["results"]] == [session.pk]


def test_the_assessment_form_gives_the_checklist_in_the_facilitators_language(client):
    facilitator, booking, critical, other = make_held_session()
    critical.text_es = "Inicia la ventilación en 60 s"
    critical.save()
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    client.force_login(facilitator)

    html = client.get(f"/es/simulation/bookings/{booking.pk}/assess/").text

    assert "Inicia la ventilación en 60 s" in html and "Starts ventilation within 60 s" not in html
    assert "Calls for help" in html  # no Spanish wording: English


def test_the_simulation_report_labels_scenarios_in_the_readers_language():
    facilitator, booking, critical, other = make_held_session()
    booking.session.scenario.title_es = "Reanimación neonatal"
    booking.session.scenario.save()
    services.mark_attendance(actor=facilitator, booking=booking, attended=True)
    services.assess(actor=facilitator, booking=booking, ratings={critical.pk: "done", other.pk: "done"}, feedback="")

    with translation.override("es"):
        spanish = reports.simulation_results(filters=reports.Filters())
    with translation.override("fr"):
        french = reports.simulation_results(filters=reports.Filters())

    assert spanish[1]["label"] == "Reanimación neonatal"
    assert french[1]["label"] == booking.session.scenario.title_en


def test_a_coordinator_names_a_room_in_every_language_in_the_admin(client):
    ensure_role_groups()
    client.force_login(CoordinatorFactory())

    response = client.post(
        "/cms-admin/snippets/simulation/room/add/",
        {"name_en": "Skills room 4", "name_es": "Sala de habilidades 4", "name_fr": "", "name_ca": "", "capacity": 8},
    )

    assert response.status_code == 302
    room = Room.objects.get(name_en="Skills room 4")
    assert (room.name_es, room.name_fr) == ("Sala de habilidades 4", None)
    with translation.override("fr"):
        assert room.name == "Skills room 4"


def test_a_room_without_its_english_name_is_refused_naming_the_field(client):
    ensure_role_groups()
    client.force_login(CoordinatorFactory())

    response = client.post("/cms-admin/snippets/simulation/room/add/", {"name_es": "Sala 5", "capacity": 8})

    assert response.status_code == 200
    assert "name_en" in response.context["form"].errors
    assert not Room.objects.filter(name_es="Sala 5").exists()
