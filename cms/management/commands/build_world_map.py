"""Build cms/world_map.json, the outlines behind the home page's partner map, from Natural
Earth's 1:110m countries (public domain) as the npm package world-atlas ships them in TopoJSON.

Run once, when the outlines should change, and commit the result; the site never reads the
TopoJSON:

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python manage.py build_world_map package/countries-110m.json

Each country becomes one SVG path in the plain equirectangular projection the partner dots
use (cms.selectors.MAP_SCALE units a degree; x from 180° W, y from the North Pole), snapped to
that grid (which simplifies the 1:110m lines to about half a degree) and written with relative
moves, so the whole world is about 50 KB before compression. Antarctica and specks smaller
than a grid square are left out: no partner is there, and they cost bytes on slow links.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_countries import countries

from cms.selectors import MAP_SCALE, WORLD_MAP

ANTARCTICA = "010"
SMALLEST_RING = 2.0  # in grid squares: smaller islands are dropped


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as (longitude, latitude) lists: quantised, delta-encoded positions."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """A closed ring from arc indexes (~i, a negative index, is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def _projected(ring: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """On the map's grid, with repeated points dropped. A ring that crosses the 180th meridian
    (Russia's far east, Fiji) goes on past the map's edge, where the frame cuts it, instead of
    drawing a line across the whole world."""
    snapped: list[tuple[int, int]] = []
    shift = 0.0
    previous = None
    for longitude, latitude in ring:
        if previous is not None and longitude + shift - previous > 180:
            shift -= 360
        elif previous is not None and longitude + shift - previous < -180:
            shift += 360
        previous = longitude + shift
        point = (round((previous + 180) * MAP_SCALE), round((90 - latitude) * MAP_SCALE))
        if not snapped or snapped[-1] != point:
            snapped.append(point)
    return snapped


def _area(ring: list[tuple[int, int]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _numbers(values: list[int]) -> str:
    """Numbers as SVG paths take them: a minus sign separates as well as a space does."""
    text = ""
    for value in values:
        text += str(value) if value < 0 or not text else f" {value}"
    return text


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for next_x, next_y in rest:
            steps += [next_x - x, next_y - y]
            x, y = next_x, next_y
        parts.append(f"M{_numbers([ring[0][0], ring[0][1]])}l{_numbers(steps)}z")
    return "".join(parts)


class Command(BaseCommand):
    help = "Project Natural Earth's 1:110m countries (world-atlas TopoJSON) into cms/world_map.json."

    def add_arguments(self, parser):
        parser.add_argument("topojson", help="countries-110m.json from the npm package world-atlas")
        parser.add_argument("--output", default=str(WORLD_MAP), help="where to write (default: cms/world_map.json)")

    def handle(self, *args, topojson: str, output: str, **options):
        try:
            topology = json.loads(Path(topojson).read_text())
            geometries = topology["objects"]["countries"]["geometries"]
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Not a world-atlas countries file: {error}") from error
        arcs = _decode_arcs(topology)
        shapes = []
        for geometry in geometries:
            numeric = geometry.get("id")
            code = countries.alpha2(numeric) if numeric else ""
            if numeric == ANTARCTICA or not code or geometry["type"] not in {"Polygon", "MultiPolygon"}:
                continue
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            rings = [_projected(_ring(ring, arcs)) for polygon in polygons for ring in polygon]
            rings = [ring for ring in rings if len(ring) >= 3 and _area(ring) >= SMALLEST_RING]
            if rings:
                shapes.append([code, path_data(rings)])
        shapes.sort()
        target = Path(output)
        target.write_text(json.dumps(shapes, separators=(",", ":")) + "\n")
        self.stdout.write(f"{len(shapes)} countries, {target.stat().st_size / 1024:.1f} KB written to {target}")
