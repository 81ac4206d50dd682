import pytest
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
