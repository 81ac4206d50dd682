"""The training office's linking page: what each course, programme, checklist item and live
series trains, and importing a framework as a CASE file."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from competencies.models import Evidence, Framework, TrainingLink
from courses import services as course_services
from lms.models import AuditEvent
from tests.competencies.factories import CompetencyFactory, EPAFactory, FrameworkFactory, link
from tests.courses.factories import lessons_of, make_course
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.simulation.factories import ChecklistItemFactory

pytestmark = pytest.mark.django_db

URL = "/competencies/links/"
CASE_FILE = Path(__file__).parent / "files" / "paediatrics_case.json"


def _course():
    return make_course(lessons=[[{"type": "paragraph", "value": "<p>Read</p>"}]])


def _coordinator(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    return coordinator


def _links_of(target) -> list[tuple[int | None, int | None]]:
    return sorted(
        TrainingLink.objects.filter(target_id=str(target.pk)).values_list("competency_id", "epa_id"),
        key=str,
    )


def test_a_coordinator_links_a_course_to_competencies_and_an_epa_in_one_form(client):
    _coordinator(client)
    course = _course()
    framework = FrameworkFactory()
    first, second = CompetencyFactory(framework=framework), CompetencyFactory(framework=framework)
    epa = EPAFactory(framework=framework)

    response = client.post(
        f"{URL}?framework={framework.pk}",
        {"link": "", "training": f"course:{course.pk}", "competencies": [first.pk, second.pk], "epas": [epa.pk]},
    )

    assert response.status_code == 302
    assert _links_of(course) == sorted([(first.pk, None), (second.pk, None), (None, epa.pk)], key=str)
    assert AuditEvent.objects.filter(verb="competency.linked").count() == 3


def test_completing_a_course_linked_on_the_page_is_evidence(client, django_capture_on_commit_callbacks):
    _coordinator(client)
    course = _course()
    competency = CompetencyFactory()
    client.post(
        f"{URL}?framework={competency.framework_id}",
        {"link": "", "training": f"course:{course.pk}", "competencies": [competency.pk]},
    )
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)

    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(actor=learner, lesson=lessons_of(course)[0])

    assert list(Evidence.objects.filter(learner=learner).values_list("competency", flat=True)) == [competency.pk]


def test_a_checklist_item_is_linked_on_its_own(client):
    _coordinator(client)
    item = ChecklistItemFactory()
    competency = CompetencyFactory()

    assert f"checklist_item:{item.pk}" in client.get(URL).content.decode()
    client.post(URL, {"link": "", "training": f"checklist_item:{item.pk}", "competencies": [competency.pk]})

    assert TrainingLink.objects.get().target == item


def test_linking_a_training_to_nothing_is_refused_naming_the_field_and_changes_nothing(client):
    _coordinator(client)
    course = _course()
    framework = FrameworkFactory()

    response = client.post(f"{URL}?framework={framework.pk}", {"link": "", "training": f"course:{course.pk}"})

    assert response.status_code == 200
    assert "Choose at least one competency or EPA" in response.content.decode()
    assert 'id="id_competencies_error"' in response.content.decode()
    assert not TrainingLink.objects.exists()


def test_a_training_not_on_the_list_is_refused_naming_the_field(client):
    _coordinator(client)
    competency = CompetencyFactory()

    response = client.post(URL, {"link": "", "training": "course:999999", "competencies": [competency.pk]})

    assert response.status_code == 200
    assert 'id="id_training_error"' in response.content.decode()
    assert not TrainingLink.objects.exists()


def test_a_competency_of_another_framework_is_refused(client):
    _coordinator(client)
    course = _course()
    shown, other = FrameworkFactory(title="A shown"), FrameworkFactory(title="B other")
    CompetencyFactory(framework=shown)
    elsewhere = CompetencyFactory(framework=other)

    response = client.post(
        f"{URL}?framework={shown.pk}",
        {"link": "", "training": f"course:{course.pk}", "competencies": [elsewhere.pk]},
    )

    assert 'id="id_competencies_error"' in response.content.decode()
    assert not TrainingLink.objects.exists()


@pytest.mark.parametrize("person", [FacultyFactory, UserFactory])
def test_only_the_training_office_finds_the_linking_page(client, person):
    client.force_login(person())
    competency = CompetencyFactory()
    existing = link(_course(), competency=competency)

    assert client.get(URL).status_code == 404
    assert client.post(URL, {"link": "", "training": "x"}).status_code == 404
    assert client.post(f"{URL}{existing.pk}/remove/").status_code == 404
    assert TrainingLink.objects.get() == existing


def test_an_unknown_framework_is_not_found(client):
    _coordinator(client)
    FrameworkFactory()

    assert client.get(f"{URL}?framework=999999").status_code == 404
    assert client.get(f"{URL}?framework=abc").status_code == 404


def test_removing_a_link_keeps_the_evidence_already_recorded(client, django_capture_on_commit_callbacks):
    _coordinator(client)
    course = _course()
    competency = CompetencyFactory()
    existing = link(course, competency=competency)
    learner = UserFactory()
    course_services.enrol(actor=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(actor=learner, lesson=lessons_of(course)[0])

    response = client.post(f"{URL}{existing.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?framework={competency.framework_id}"
    assert not TrainingLink.objects.exists()
    assert Evidence.objects.filter(learner=learner, withdrawn_at__isnull=True).count() == 1


def test_the_linking_page_names_each_training_and_what_it_trains(client):
    _coordinator(client)
    course = _course()
    epa = EPAFactory(title="Resuscitate a newborn")
    link(course, epa=epa)

    page = client.get(URL).content.decode()

    assert f"Online course: {course.title}" in page
    assert "Resuscitate a newborn" in page


def test_the_linking_page_costs_the_same_for_3_and_30_links(client, queries_for):
    _coordinator(client)
    framework = FrameworkFactory()
    competencies = [CompetencyFactory(framework=framework) for _ in range(30)]
    courses = [_course() for _ in range(3)]
    for course in courses:
        link(course, competency=competencies[0])
    url = f"{URL}?framework={framework.pk}"
    few = queries_for(client, url)
    for course in courses:
        for competency in competencies[1:10]:
            link(course, competency=competency)

    assert TrainingLink.objects.count() == 30
    assert queries_for(client, url) == few


def test_the_office_dashboard_leads_to_the_linking_page(client):
    _coordinator(client)

    assert URL in client.get("/dashboard/").content.decode()


# Importing a framework on the page -----------------------------------------------------------


def _upload(content: bytes, name="framework.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_a_coordinator_imports_a_case_file_and_lands_on_its_links(client):
    _coordinator(client)

    response = client.post(URL, {"import": "", "file": _upload(CASE_FILE.read_bytes())})

    framework = Framework.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?framework={framework.pk}"
    assert framework.competencies.exists() and framework.epas.exists()


def test_a_file_that_is_not_json_is_refused_naming_the_file(client):
    _coordinator(client)

    response = client.post(URL, {"import": "", "file": _upload(b"%PDF-1.7 not a framework", name="x.pdf")})

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Framework.objects.exists()


def test_a_package_without_its_document_is_refused_naming_the_case_field_and_writes_nothing(client):
    _coordinator(client)
    package = json.loads(CASE_FILE.read_text())
    del package["CFDocument"]

    response = client.post(URL, {"import": "", "file": _upload(json.dumps(package).encode())})

    assert response.status_code == 200
    assert "CFDocument" in response.content.decode()
    assert not Framework.objects.exists()


# The API -------------------------------------------------------------------------------------

API = "/api/v1/competencies/links/"


def test_a_coordinator_links_a_checklist_item_to_an_epa_through_the_api(api):
    api.force_authenticate(CoordinatorFactory())
    item = ChecklistItemFactory()
    epa = EPAFactory()

    response = api.post(API, {"training_kind": "checklist_item", "training_id": str(item.pk), "epa": epa.pk})

    assert response.status_code == 201, response.json()
    assert response.json() == {
        "id": TrainingLink.objects.get().pk,
        "training_kind": "checklist_item",
        "training_id": str(item.pk),
        "training": f"Simulation checklist item: {response.json()['training'].split(': ', 1)[1]}",
        "competency": None,
        "epa": epa.pk,
    }
    assert TrainingLink.objects.get().target == item


def test_a_link_to_both_or_neither_is_refused_naming_the_field(api):
    api.force_authenticate(CoordinatorFactory())
    course = _course()
    epa, competency = EPAFactory(), CompetencyFactory()
    training = {"training_kind": "course", "training_id": str(course.pk)}

    neither = api.post(API, training)
    both = api.post(API, {**training, "epa": epa.pk, "competency": competency.pk})

    assert (neither.status_code, both.status_code) == (400, 400)
    assert "competency" in neither.json() and "competency" in both.json()
    assert not TrainingLink.objects.exists()


@pytest.mark.parametrize(
    ("training", "field"),
    [
        ({"training_kind": "course", "training_id": "999999"}, "training_id"),
        ({"training_kind": "ward", "training_id": "1"}, "training_kind"),
    ],
)
def test_a_training_not_on_the_list_is_refused_by_the_api_naming_the_field(api, training, field):
    api.force_authenticate(CoordinatorFactory())

    response = api.post(API, {**training, "competency": CompetencyFactory().pk})

    assert response.status_code == 400
    assert field in response.json()
    assert not TrainingLink.objects.exists()


def test_others_see_no_links_and_cannot_make_or_remove_them(api):
    existing = link(_course(), competency=CompetencyFactory())
    api.force_authenticate(FacultyFactory())

    assert api.get(API).json()["results"] == []
    assert api.get(f"{API}{existing.pk}/").status_code == 404
    assert api.delete(f"{API}{existing.pk}/").status_code == 404
    response = api.post(
        API, {"training_kind": "course", "training_id": str(_course().pk), "competency": existing.competency_id}
    )
    assert response.status_code == 403
    assert TrainingLink.objects.get() == existing


def test_a_coordinator_removes_a_link_through_the_api(api):
    api.force_authenticate(CoordinatorFactory())
    existing = link(_course(), competency=CompetencyFactory())

    assert api.delete(f"{API}{existing.pk}/").status_code == 204
    assert not TrainingLink.objects.exists()
    assert AuditEvent.objects.filter(verb="competency.unlinked").exists()


def test_the_links_list_narrows_to_one_framework_and_refuses_a_bad_id(api):
    api.force_authenticate(CoordinatorFactory())
    course = _course()
    mine, other = CompetencyFactory(), CompetencyFactory()
    kept = link(course, competency=mine)
    link(course, competency=other)

    listed = api.get(API, {"framework": mine.framework_id}).json()["results"]

    assert [row["id"] for row in listed] == [kept.pk]
    bad = api.get(API, {"framework": "abc"})
    assert bad.status_code == 400 and "framework" in bad.json()


def test_the_links_list_uses_the_same_queries_for_3_and_30(api, queries_for, django_assert_num_queries):
    api.force_authenticate(CoordinatorFactory())
    competencies = [CompetencyFactory() for _ in range(10)]
    courses = [_course() for _ in range(3)]
    for course in courses:
        link(course, competency=competencies[0])
    few = queries_for(api, API)
    for course in courses:
        for competency in competencies[1:]:
            link(course, competency=competency)

    assert TrainingLink.objects.count() == 30
    with django_assert_num_queries(few):
        assert len(api.get(API).json()["results"]) == 30


def test_a_framework_id_that_only_looks_like_digits_is_refused_by_the_api(api):
    api.force_authenticate(CoordinatorFactory())

    for odd in ("²", "٣", "9" * 30):
        response = api.get(API, {"framework": odd})
        assert response.status_code == 400 and "framework" in response.json()


def test_a_deeply_nested_file_is_refused_naming_the_file(client):
    _coordinator(client)

    response = client.post(URL, {"import": "", "file": _upload(b"[" * 200_000)})

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()


def test_deeply_nested_json_sent_to_the_api_is_a_400(api):
    api.force_authenticate(CoordinatorFactory())

    response = api.post("/api/v1/competencies/frameworks/import/", b"[" * 200_000, content_type="application/json")

    assert response.status_code == 400


def test_links_from_rows_that_are_no_registered_training_are_not_listed(client, api):
    """Evidence may be backed by a link from any row (the demo links certificates); only the
    registered kinds of training are listed, so every listed kind is one the API names."""
    coordinator = _coordinator(client)
    api.force_authenticate(coordinator)
    competency = CompetencyFactory()
    listed = link(_course(), competency=competency)
    link(UserFactory(), competency=competency)

    rows = api.get(API).json()["results"]
    page = client.get(URL).content.decode()

    assert [(row["id"], row["training_kind"]) for row in rows] == [(listed.pk, "course")]
    assert page.count("/remove/") == 1
