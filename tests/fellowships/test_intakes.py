"""Intakes change through services.save_intake, from the Wagtail admin too: places never drop
below those taken, and every change is an audited event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowships import services
from fellowships.models import Application, Status
from lms.models import AuditEvent
from lms.roles import ensure_role_groups
from tests.factories import CoordinatorFactory, FacultyFactory
from tests.fellowships.factories import ApplicationFactory, IntakeFactory

pytestmark = pytest.mark.django_db


def _take_places(intake, count: int) -> None:
    for _ in range(count):
        application = ApplicationFactory(intake=intake)
        Application.objects.filter(pk=application.pk).update(status=Status.ACCEPTED)


def _admin_data(intake, **changes) -> dict:
    data = {
        "programme": intake.programme_id,
        "title_en": intake.title,
        "opens_on": intake.opens_on.isoformat(),
        "closes_on": intake.closes_on.isoformat(),
        "earliest_start": intake.earliest_start.isoformat(),
        "latest_start": intake.latest_start.isoformat(),
        "places": intake.places,
        "offer_days": intake.offer_days,
    }
    return {**data, **changes}


def test_places_cannot_drop_below_those_taken():
    intake = IntakeFactory(places=4)
    _take_places(intake, 3)

    with pytest.raises(ValidationError) as error:
        services.save_intake(actor=CoordinatorFactory(), intake=intake, places=2)

    assert "3 places are already taken" in error.value.message_dict["places"][0]
    intake.refresh_from_db()
    assert intake.places == 4
    assert not AuditEvent.objects.filter(verb__startswith="intake.").exists()


def test_a_change_of_places_is_an_audited_event_naming_the_fields():
    coordinator = CoordinatorFactory()
    intake = IntakeFactory(places=4)

    services.save_intake(actor=coordinator, intake=intake, places=6, title=intake.title)

    event = AuditEvent.objects.get(verb="intake.changed")
    assert event.actor == coordinator
    assert event.data == {"fields": ["places"], "values": {"places": "6"}}


def test_only_coordinators_change_intakes():
    intake = IntakeFactory(places=4)

    with pytest.raises(PermissionDenied):
        services.save_intake(actor=FacultyFactory(), intake=intake, places=9)


def test_the_wagtail_admin_refuses_places_below_those_taken_naming_the_field(client):
    ensure_role_groups()
    intake = IntakeFactory(places=4)
    _take_places(intake, 3)
    client.force_login(CoordinatorFactory())

    response = client.post(f"/cms-admin/snippets/fellowships/intake/edit/{intake.pk}/", _admin_data(intake, places=1))

    assert response.status_code == 200
    assert "3 places are already taken" in response.content.decode()
    intake.refresh_from_db()
    assert intake.places == 4


def test_an_edit_in_the_wagtail_admin_goes_through_the_service_and_is_audited(client):
    ensure_role_groups()
    coordinator = CoordinatorFactory()
    intake = IntakeFactory(places=4)
    client.force_login(coordinator)

    response = client.post(f"/cms-admin/snippets/fellowships/intake/edit/{intake.pk}/", _admin_data(intake, places=8))

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.places == 8
    assert AuditEvent.objects.get(verb="intake.changed").actor == coordinator


def test_an_intake_is_named_in_the_applicants_language(client):
    application = ApplicationFactory(intake=IntakeFactory(title_en="Spring 2027", title_es="Primavera 2027"))
    client.force_login(application.applicant)

    spanish = client.get("/es/applications/").text
    french = client.get("/fr/applications/").text

    assert "Primavera 2027" in spanish and "Spring 2027" not in spanish
    assert "Spring 2027" in french  # no French name: English


def test_the_admin_saves_an_intakes_name_in_each_language_through_the_service(client):
    ensure_role_groups()
    intake = IntakeFactory(title="Spring 2027")
    client.force_login(CoordinatorFactory())

    response = client.post(
        f"/cms-admin/snippets/fellowships/intake/edit/{intake.pk}/",
        _admin_data(intake, title_es="Primavera 2027", title_ca="Primavera 2027"),
    )

    assert response.status_code == 302
    intake.refresh_from_db()
    assert (intake.title_en, intake.title_es, intake.title_ca) == ("Spring 2027", "Primavera 2027", "Primavera 2027")
    assert AuditEvent.objects.get(verb="intake.changed").data["fields"] == ["title_ca", "title_es"]
