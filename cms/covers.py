"""Cover images of courses and programmes: the renditions the catalogues and pages show, and
reading them with a list in one query (Wagtail makes a rendition on its first request and
keeps it; the catalogue then reads every card's with one prefetch, whatever the page size)."""

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

# Keep in step with the `{% image %}` tags in templates/includes/card_cover.html and the pages.
CARD_COVER = "fill-480x240|format-webp"
PAGE_COVER = "fill-960x360|format-webp"


class CoverImageMixin(models.Model):
    """A page's cover image (courses and programmes): shown on its catalogue card and atop it."""

    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )

    class Meta:
        abstract = True


def with_card_covers(pages: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(CARD_COVER)
    return pages.prefetch_related(Prefetch("cover_image", queryset=images))
