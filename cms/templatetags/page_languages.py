"""Page links and titles across languages: `page_languages` gives the head links for search
engines (the canonical address is the page's own language's, so a page shown untranslated in
another language points at the original; alternates are its translations), and
`localized_title` a page's title in the reader's language for emails and letters."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from cms.caching import cached_for_pages
from cms.i18n import title_in

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page) -> dict:
    """Cached per page and host until the page tree changes (cms/caching.py): the tag is on
    every page and would otherwise cost two queries each time."""
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    return cached_for_pages(f"page-languages:{page.pk}:{host}", lambda: _page_languages(request, page))


def _page_languages(request, page) -> dict:
    translations = (
        Page.objects.live().public().filter(translation_key=page.translation_key).select_related("locale").order_by()
    )
    alternates, canonical = [], None
    for version in translations:
        language = version.locale.language_code
        with translation.override(language):
            url = version.get_full_url(request)
        if not url:
            continue
        alternates.append((language, url))
        if version.pk == page.pk:
            canonical = url
    default = next((url for language, url in alternates if language == settings.LANGUAGE_CODE), None)
    return {
        "canonical": canonical,
        "alternates": sorted(alternates) if len(alternates) > 1 else [],
        "default": default,
    }


@register.filter
def localized_title(page) -> str:
    """The page's title in the active language (emails and letters render in their reader's)."""
    return title_in(page, translation.get_language())
