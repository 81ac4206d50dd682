"""Cover images of courses and programmes: the renditions the catalogues and pages show, and
reading them with a list in one query (Wagtail makes a rendition on its first request and
keeps it; the catalogue then reads every card's with one prefetch, whatever the page size)."""

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

# Keep in step with the `{% image %}` tags in templates/includes/card_cover.html and the pages.
CARD_COVER = "fill-480x240|format-webp"
PAGE_COVER = "fill-960x360|format-webp"


def with_card_covers(pages: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(CARD_COVER)
    return pages.prefetch_related(Prefetch("cover_image", queryset=images))
