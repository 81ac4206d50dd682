"""The home page's partner map: Natural Earth's country outlines, built once into
cms/world_map.json, with partner countries shaded and named, inline and light."""

import io
import json

import pytest
from django.core.management import call_command

from cms.selectors import MAP_SCALE, world_shapes
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def _svg(html: str) -> str:
    return html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_map_draws_every_country_outline(client, home):
    InstitutionFactory(country="KE", city="Nairobi")

    svg = _svg(client.get("/").content.decode())

    assert svg.count("<path ") == len(world_shapes()) >= 170


def test_a_partner_country_is_shaded_and_named_with_its_number_of_partners(client, home):
    InstitutionFactory(name="Kenyatta National Hospital", country="KE", city="Nairobi", latitude=-1.29, longitude=36.82)
    InstitutionFactory(name="Gertrude's Children's Hospital", country="KE", city="Nairobi")

    svg = _svg(client.get("/").content.decode())

    kenya = dict(world_shapes())["KE"]
    assert f'<path d="{kenya}" fill="#7fb0e0"><title>Kenya: 2 partner hospitals</title></path>' in svg
    assert svg.count('fill="#7fb0e0"') == 1


def test_the_partner_count_is_said_in_the_readers_language(client, home):
    InstitutionFactory(country="KE", city="Nairobi")

    svg = _svg(client.get("/es/").content.decode())

    assert "<title>Kenia: 1 hospital asociado</title>" in svg


def test_a_partner_dot_sits_at_its_coordinates_on_the_maps_grid(client, home):
    InstitutionFactory(country="KE", city="Nairobi", latitude=-1.29, longitude=36.82)

    svg = _svg(client.get("/").content.decode())

    x, y = (36.82 + 180) * MAP_SCALE, (90 + 1.29) * MAP_SCALE
    assert f'<circle cx="{x:.1f}" cy="{y:.1f}"' in svg


def test_the_home_page_with_the_map_stays_light(client, home):
    InstitutionFactory(country="KE", city="Nairobi", latitude=-1.29, longitude=36.82)

    response = client.get("/")

    assert len(response.content) < 60 * 1024


TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0]], "id": "404", "properties": {"name": "Kenya"}},
                {"type": "Polygon", "arcs": [[1]], "id": "242", "properties": {"name": "Fiji"}},
                {"type": "Polygon", "arcs": [[2]], "id": "010", "properties": {"name": "Antarctica"}},
            ],
        }
    },
    # delta-encoded: Kenya a 4-degree square; Fiji across the 180th meridian; Antarctica
    "arcs": [
        [[34, 4], [4, 0], [0, -8], [-4, 0], [0, 8]],
        [[178, -16], [4, 0], [-358, 0], [0, -4], [356, 0], [-2, 4]],
        [[-180, -80], [360, 0], [0, -10], [-360, 0], [0, 10]],
    ],
}


def test_the_build_projects_outlines_onto_the_grid_and_leaves_out_antarctica(tmp_path):
    source, target = tmp_path / "countries.json", tmp_path / "map.json"
    source.write_text(json.dumps(TOPOLOGY))

    call_command("build_world_map", str(source), output=str(target), stdout=io.StringIO())

    shapes = dict(json.loads(target.read_text()))
    assert set(shapes) == {"KE", "FJ"}
    # Kenya: 34°E 4°N is (214, 86) on a one-degree grid, times MAP_SCALE; relative moves after it
    k = MAP_SCALE
    assert shapes["KE"] == f"M{214 * k} {86 * k}l{4 * k} 0 0 {8 * k}-{4 * k} 0 0-{8 * k}z"


def test_a_country_across_the_180th_meridian_runs_past_the_edge_instead_of_across_the_map(tmp_path):
    source, target = tmp_path / "countries.json", tmp_path / "map.json"
    source.write_text(json.dumps(TOPOLOGY))

    call_command("build_world_map", str(source), output=str(target), stdout=io.StringIO())

    fiji = dict(json.loads(target.read_text()))["FJ"]
    steps = [int(n) for n in fiji.split("l", 1)[1].rstrip("z").replace("-", " -").split()]
    assert max(abs(dx) for dx in steps[0::2]) < 10 * MAP_SCALE  # no jump across the world


def test_a_file_that_is_not_a_world_atlas_is_refused(tmp_path):
    source = tmp_path / "countries.json"
    source.write_text("{}")

    with pytest.raises(Exception, match="Not a world-atlas countries file"):
        call_command("build_world_map", str(source), output=str(tmp_path / "map.json"), stdout=io.StringIO())
