"""The training office keeps frameworks, competencies, EPAs, scales and committees in the
Wagtail admin; a custom scale passes the same rules as `services.create_scale`."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from competencies.models import Committee, Scale
from lms.roles import ensure_role_groups
from tests.competencies.factories import FrameworkFactory, ottawa
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/cms-admin/snippets/competencies"


@pytest.fixture
def coordinator(client):
    ensure_role_groups()
    person = CoordinatorFactory()
    client.force_login(person)
    return person


def _scale(name: str, levels: list[tuple[int, str]]) -> dict:
    return nested_form_data(
        {
            "name": name,
            "description": "",
            "levels": inline_formset([{"value": value, "label": label, "description": ""} for value, label in levels]),
        }
    )


@pytest.mark.parametrize("model", ["framework", "competency", "epa", "scale", "committee"])
def test_the_training_office_opens_each_list_and_form(client, coordinator, model):
    assert client.get(f"{ADMIN}/{model}/").status_code == 200
    assert client.get(f"{ADMIN}/{model}/add/").status_code == 200


def test_a_coordinator_adds_a_custom_scale_with_its_levels(client, coordinator):
    response = client.post(f"{ADMIN}/scale/add/", _scale("Ward round scale", [(1, "Watched"), (2, "Did it alone")]))

    assert response.status_code == 302
    scale = Scale.objects.get(name="Ward round scale")
    assert [(level.value, level.label) for level in scale.levels.all()] == [(1, "Watched"), (2, "Did it alone")]


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([(1, "Alone")], "at least 2"),
        ([(1, "Watched"), (3, "Alone")], "without gaps or repeats"),
    ],
)
def test_a_scale_that_breaks_the_rules_is_refused_and_not_saved(client, coordinator, levels, message):
    response = client.post(f"{ADMIN}/scale/add/", _scale("Broken scale", levels))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scale.objects.filter(name="Broken scale").exists()


def test_a_built_in_scale_cannot_be_changed(client, coordinator):
    scale = ottawa()
    levels = [(level.value, level.label) for level in scale.levels.all()]
    data = _scale("My Ottawa", levels)
    for number, level in enumerate(scale.levels.all()):
        data[f"levels-{number}-id"] = level.pk
    data["levels-INITIAL_FORMS"] = len(levels)

    response = client.post(f"{ADMIN}/scale/edit/{scale.pk}/", data)

    assert response.status_code == 200
    assert "cannot be changed" in response.content.decode()
    assert Scale.objects.get(pk=scale.pk).name == scale.name


def test_a_coordinator_sets_up_a_committee_with_members_and_trainees(client, coordinator):
    framework = FrameworkFactory()
    member, trainee = FacultyFactory(), UserFactory()

    response = client.post(
        f"{ADMIN}/committee/add/",
        {"name": "Paediatrics CCC", "framework": framework.pk, "members": [member.pk], "trainees": [trainee.pk]},
    )

    assert response.status_code == 302
    committee = Committee.objects.get()
    assert (list(committee.members.all()), list(committee.trainees.all())) == ([member], [trainee])


def test_faculty_cannot_open_the_competency_admin(client):
    ensure_role_groups()
    client.force_login(FacultyFactory())

    assert client.get(f"{ADMIN}/scale/").status_code in (302, 403)
