"""The demo site tree: a home page as the default site's root."""

from collections.abc import Callable

from wagtail.models import Page, Site

from .models import HomePage

HOME_INTRO = (
    "Online courses, observerships, training fellowships, fellowships and simulation training "
    "for nurses and doctors from our partner hospitals around the world."
)


def seed_site(*, log: Callable[[str], None]) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's first migration leaves a plain "Welcome" page (and the default site on it)
        # that holds the "home" slug; it has no place in this site.
        Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="International Training Office", slug="home", intro=HOME_INTRO))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="LMS")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    log("Site tree: home page")
    return home
