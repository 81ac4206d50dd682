"""An id in an API path that is not a number is an unknown address (404), never a 500: every
detail route and every detail action of every app's router."""

import pytest

from lms.api_urls import APP_ROUTERS
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def _detail_paths() -> list[tuple[str, str]]:
    paths = []
    for router in APP_ROUTERS:
        for prefix, viewset, _basename in router.registry:
            if hasattr(viewset, "retrieve"):
                paths.append(("get", f"/api/v1/{prefix}/abc/"))
            for action in viewset.get_extra_actions():
                if action.detail:
                    url_path = action.url_path.replace("(?P<block_id>[^/.]+)", "b1")
                    for method in action.mapping:
                        paths.append((method, f"/api/v1/{prefix}/abc/{url_path}/"))
    return sorted(set(paths))


@pytest.mark.parametrize(("method", "path"), _detail_paths())
def test_a_non_numeric_id_is_a_404(client, method, path):
    client.force_login(CoordinatorFactory())

    response = getattr(client, method)(path)

    assert response.status_code == 404


def test_the_measured_500s_are_among_the_paths_checked():
    checked = {path for _method, path in _detail_paths()}

    assert {
        "/api/v1/certificates/abc/revoke/",
        "/api/v1/simulation/sessions/abc/roster/",
        "/api/v1/lessons/abc/complete/",
    } <= checked


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/intakes/?programme=561813127221005304950273374978834432",
        "/api/v1/applications/?intake=99999999999999999999999",
    ],
)
def test_an_id_filter_too_large_for_the_database_is_a_400_naming_the_problem(client, path):
    client.force_login(CoordinatorFactory())

    response = client.get(path)

    assert response.status_code == 400
    assert "out of range" in str(response.json()) or "Select a valid choice" in str(response.json())


def test_list_actions_are_documented_as_the_lists_they_answer():
    """The roster and an application's documents answer a plain list: the schema says so
    (it used to promise a paginated object)."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]

    for path in ("/api/v1/simulation/sessions/{id}/roster/", "/api/v1/applications/{id}/documents/"):
        content = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert content["type"] == "array", path
