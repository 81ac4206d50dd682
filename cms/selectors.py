"""Reads for the public pages."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from lms.models import Institution

from .models import Testimonial

MAP_WIDTH, MAP_HEIGHT = 360, 180


@dataclass
class CountryGroup:
    code: str
    name: str
    institutions: list[Institution] = field(default_factory=list)


@dataclass
class PartnerNetwork:
    countries: list[CountryGroup]
    points: list[dict]

    @property
    def institution_count(self) -> int:
        return sum(len(group.institutions) for group in self.countries)


def partner_network() -> PartnerNetwork:
    """Partners grouped by country, and their positions on a plain equirectangular map (x is
    longitude + 180, y is 90 - latitude) that needs no tiles or network."""
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
                    "x": float(institution.longitude + Decimal(180)),
                    "y": float(Decimal(90) - institution.latitude),
                    "label": f"{institution.name}, {institution.city}",
                }
            )
    countries = sorted(groups.values(), key=lambda group: group.name)
    return PartnerNetwork(countries=countries, points=points)


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
