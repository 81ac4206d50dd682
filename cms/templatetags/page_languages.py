"""Head links for search engines: the page's canonical address (its own language's, so a page
shown untranslated in another language points at the original) and its translations."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page) -> dict:
    request = context.get("request")
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
