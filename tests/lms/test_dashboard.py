import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CoordinatorFactory, EditorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _section_ids(response) -> list[str]:
    return [section.key for section in response.context["sections"]]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_learner_sees_learning_and_applications_only(client):
    client.force_login(UserFactory())

    assert _section_ids(client.get(reverse("dashboard"))) == ["learner", "applicant"]


def test_faculty_sees_a_teaching_section_with_second_factor_link(client):
    client.force_login(FacultyFactory())

    response = client.get(reverse("dashboard"))

    assert _section_ids(response) == ["learner", "applicant", "faculty"]
    assert reverse("mfa_index") in response.content.decode()


def test_coordinator_sees_the_training_office_section(client):
    client.force_login(CoordinatorFactory())

    assert "coordinator" in _section_ids(client.get(reverse("dashboard")))


def test_editor_sees_the_content_section(client):
    client.force_login(EditorFactory())

    assert "editor" in _section_ids(client.get(reverse("dashboard")))


def test_the_profile_banner_names_the_country_when_only_the_country_is_missing(client):
    client.force_login(UserFactory(full_name="Amina Ben Ali", country=""))

    page = client.get(reverse("dashboard")).text

    assert "need the country where you work" in page and "need your full name" not in page


def test_the_profile_banner_names_the_full_name_when_only_the_name_is_missing(client):
    client.force_login(UserFactory(full_name="", country="MA"))

    page = client.get(reverse("dashboard")).text

    assert "need your full name" in page and "country where you work" not in page


def test_the_dashboard_reads_the_person_and_their_roles_once(client):
    client.force_login(FacultyFactory())
    client.get(reverse("dashboard"))

    with CaptureQueriesContext(connection) as context:
        client.get(reverse("dashboard"))

    person_reads = [q["sql"] for q in context.captured_queries if q["sql"].startswith('SELECT "lms_user"."id"')]
    role_reads = [q["sql"] for q in context.captured_queries if 'FROM "auth_group"' in q["sql"]]
    assert len(person_reads) == 1 and len(role_reads) == 1
