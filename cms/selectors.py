"""Reads for the public pages."""

import functools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from lms.models import Institution

from .models import Testimonial

MAP_SCALE = 2  # map units a degree, in the plain equirectangular projection of the partner map
WORLD_MAP = Path(__file__).with_name("world_map.json")  # built by manage.py build_world_map


@functools.cache
def world_shapes() -> list[tuple[str, str]]:
    """(ISO country code, SVG path) for every country outline, read once per process."""
    return [(code, path) for code, path in json.loads(WORLD_MAP.read_text())]


@dataclass
class CountryGroup:
    code: str
    name: str
    institutions: list[Institution] = field(default_factory=list)


@dataclass
class PartnerNetwork:
    countries: list[CountryGroup]
    points: list[dict]
    shapes: list[dict] = field(default_factory=list)

    @property
    def view(self) -> dict:
        """The map's window: the whole width, from 84° N to 58° S (no partner further south)."""
        top, bottom = (90 - 84) * MAP_SCALE, (90 + 58) * MAP_SCALE
        return {"top": top, "width": 360 * MAP_SCALE, "height": bottom - top}

    @property
    def institution_count(self) -> int:
        return sum(len(group.institutions) for group in self.countries)


def partner_network() -> PartnerNetwork:
    """Partners grouped by country, and a world map that needs no tiles or network: Natural
    Earth's country outlines (cms/world_map.json) in a plain equirectangular projection (x is
    longitude + 180, y is 90 - latitude, MAP_SCALE units a degree), partner countries filled
    and named with their number of partners, and a dot for each partner hospital."""
    groups: dict[str, CountryGroup] = {}
    points = []
    for institution in Institution.objects.filter(is_partner=True).order_by("country", "name"):
        code = institution.country.code
        groups.setdefault(code, CountryGroup(code=code, name=str(institution.country.name))).institutions.append(
            institution
        )
        if institution.latitude is not None and institution.longitude is not None:
            points.append(
                {
                    "x": float((institution.longitude + Decimal(180)) * MAP_SCALE),
                    "y": float((Decimal(90) - institution.latitude) * MAP_SCALE),
                    "label": f"{institution.name}, {institution.city}",
                }
            )
    countries = sorted(groups.values(), key=lambda group: group.name)
    shapes = []
    for code, path in world_shapes():
        group = groups.get(code)
        if group is None:
            shapes.append({"d": path, "partner": False})
            continue
        count = len(group.institutions)
        title = ngettext("%(country)s: %(count)s partner hospital", "%(country)s: %(count)s partner hospitals", count)
        shapes.append({"d": path, "partner": True, "title": title % {"country": group.name, "count": count}})
    return PartnerNetwork(countries=countries, points=points, shapes=shapes)


FEATURED_TESTIMONIALS = 6


def featured_testimonials() -> list[Testimonial]:
    """The newest featured testimonials in the reader's language: a translation where there is
    one, else the original words. One query."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    rows = (
        Testimonial.objects.filter(featured=True, locale__language_code__in={language, settings.LANGUAGE_CODE})
        .select_related("institution", "photo", "sponsor", "locale")
        .order_by("-pk")
    )
    shown: dict = {}
    original_pk: dict = {}
    for testimonial in rows:
        key = testimonial.translation_key
        original_pk[key] = min(original_pk.get(key, testimonial.pk), testimonial.pk)  # translations come later
        if key not in shown or testimonial.locale.language_code == language:
            shown[key] = testimonial
    newest_first = sorted(shown.values(), key=lambda t: original_pk[t.translation_key], reverse=True)
    return newest_first[:FEATURED_TESTIMONIALS]
