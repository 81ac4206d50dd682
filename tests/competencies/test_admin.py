"""The training office keeps frameworks, competencies, EPAs, scales and committees in the
Wagtail admin; a custom scale passes the same rules as `services.create_scale`."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from competencies.models import EPA, Committee, Competency, Scale
from lms.roles import ensure_role_groups
from tests.competencies.factories import (
    CompetencyFactory,
    EPAFactory,
    FrameworkFactory,
    evidence_for,
    ottawa,
    request,
)
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


def _edit_data(scale, levels: list[tuple[int, str]], *, name=None) -> dict:
    """The edit form for `scale` with its existing level rows first, in order."""
    data = _scale(name or scale.name, levels)
    existing = list(scale.levels.all())
    for number, level in enumerate(existing):
        data[f"levels-{number}-id"] = level.pk
    data["levels-INITIAL_FORMS"] = len(existing)
    return data


def _custom_scale() -> Scale:
    from competencies import services

    return services.create_scale(actor=None, name="Ward scale", levels=[(1, "Watched"), (2, "Helped"), (3, "Alone")])


def test_a_built_in_scale_cannot_be_deleted(client, coordinator):
    scale = ottawa()

    response = client.post(f"{ADMIN}/scale/delete/{scale.pk}/")

    assert response.status_code == 302
    assert Scale.objects.filter(pk=scale.pk).exists()


def test_a_competency_with_evidence_is_kept_and_the_office_told_why(client, coordinator):
    competency = CompetencyFactory()
    evidence_for(UserFactory(), competency, source=UserFactory())

    response = client.post(f"{ADMIN}/competency/delete/{competency.pk}/", follow=True)

    assert Competency.objects.filter(pk=competency.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_an_epa_with_assessments_is_kept(client, coordinator):
    assessment, _token = request(UserFactory())

    response = client.post(f"{ADMIN}/epa/delete/{assessment.epa_id}/")

    assert response.status_code == 302
    assert EPA.objects.filter(pk=assessment.epa_id).exists()


def test_an_unused_competency_is_deleted(client, coordinator):
    competency = CompetencyFactory()

    client.post(f"{ADMIN}/competency/delete/{competency.pk}/")

    assert not Competency.objects.filter(pk=competency.pk).exists()


def test_the_levels_of_a_scale_used_in_assessments_cannot_change(client, coordinator):
    from competencies import services

    scale = _custom_scale()
    epa = EPAFactory(scale=scale)
    assessment, _token = request(UserFactory(), epa=epa)
    services.complete_assessment(actor=assessment.supervisor, assessment=assessment, level=3)

    response = client.post(
        f"{ADMIN}/scale/edit/{scale.pk}/", _edit_data(scale, [(1, "Watched"), (2, "Helped"), (3, "Did it alone")])
    )

    assert response.status_code == 200
    assert "used in assessments" in response.content.decode()
    assert list(scale.levels.values_list("label", flat=True)) == ["Watched", "Helped", "Alone"]


def test_swapping_two_level_numbers_is_refused_not_a_crash(client, coordinator):
    scale = _custom_scale()

    response = client.post(
        f"{ADMIN}/scale/edit/{scale.pk}/", _edit_data(scale, [(2, "Watched"), (1, "Helped"), (3, "Alone")])
    )

    assert response.status_code == 200
    assert "Keep each level" in response.content.decode()


def test_an_unused_scales_anchor_can_be_reworded(client, coordinator):
    scale = _custom_scale()

    response = client.post(
        f"{ADMIN}/scale/edit/{scale.pk}/", _edit_data(scale, [(1, "Watched"), (2, "Helped"), (3, "Did it alone")])
    )

    assert response.status_code == 302
    assert list(scale.levels.values_list("label", flat=True)) == ["Watched", "Helped", "Did it alone"]


def test_a_scale_name_differing_only_in_case_is_refused(client, coordinator):
    _custom_scale()

    response = client.post(f"{ADMIN}/scale/add/", _scale("WARD SCALE", [(1, "Watched"), (2, "Alone")]))

    assert response.status_code == 200
    assert Scale.objects.filter(name__iexact="ward scale").count() == 1
