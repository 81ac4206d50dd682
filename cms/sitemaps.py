"""The sitemap lists the pages of every language's tree, each at its own address."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    """Wagtail's sitemap walks only below the site's root page, which is the default-language
    home; translated homes are its siblings, so add their trees."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        below_a_root = Q()
        for root in roots:
            below_a_root |= Q(path__startswith=root.path)
        return Page.objects.live().public().filter(below_a_root).order_by("path").defer_streamfields().specific()
