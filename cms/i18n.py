"""Page content in four languages with Wagtail's localisation, and the rule that keeps learners'
state whole across them.

Each language has its own page tree (home, catalogues, courses, lessons, programmes); a page
and its translations share a `translation_key`. Learners' state (enrolments, lesson progress,
quiz attempts, intakes and applications) always points at the page in the default language,
the *source page*: a learner who enrols on the Spanish course page and finishes a lesson on the
French one has one enrolment and one progress record. Services turn any page they are given into
its source page; reads that start from a page in another language match on `translation_key`.

A page nobody has translated yet still has an address in every language: links to it carry the
reader's language prefix, and the translated home page routes a path it does not hold through
the default-language tree, so the reader sees the original content inside their own interface.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import TypeVar

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, Page

P = TypeVar("P", bound=Page)


def is_default_language(language: str | None) -> bool:
    return not language or language == settings.LANGUAGE_CODE


def translated_language() -> str | None:
    """The active language when it is a content language other than the default, else None."""
    language = translation.get_language()
    if is_default_language(language) or language not in {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}:
        return None
    return language


def source_page(page: P) -> P:
    """The default-language version of `page` (itself when it is in the default language, or
    when its tree was started in another language and has no default-language version)."""
    source = in_default_language(page.specific_class.objects).filter(translation_key=page.translation_key)
    return source.order_by().first() or page


def mirror_page(page: Page, language: str) -> Page:
    """The page's version in `language`: the translation if there is one, else an alias of the
    page (and of any parent missing there), as Wagtail's synced trees make for new pages."""
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    return page.copy_for_translation(locale, copy_parents=True, alias=True).specific


def translate_page(page: P, language: str, **fields) -> P:
    """Publish `page` translated into `language` with `fields` (title, intro...) replaced: an
    alias there becomes a page of its own, a missing one is copied (parents as aliases). For the
    demo and tests; editors do the same with the admin's Translate action."""
    locale = Locale.objects.get(language_code=language)
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True, alias=False)
    elif translated.alias_of_id is not None:
        ConvertAliasPageAction(translated).execute(skip_permission_checks=True)
    translated = type(page).objects.get(pk=translated.pk)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return type(page).objects.get(pk=translated.pk)


def title_in(page: Page, language: str | None) -> str:
    """The page's title in `language` (a certificate speaks its recipient's language), else the
    page's own title."""
    if language and language != page.locale.language_code:
        translated = (
            Page.objects.live().filter(translation_key=page.translation_key, locale__language_code=language).first()
        )
        if translated is not None:
            return translated.title
    return page.title


def in_default_language(queryset):
    """Pages of the default-language tree only: the rows domain state points at."""
    return queryset.filter(locale__language_code=settings.LANGUAGE_CODE)


def page_choices(queryset) -> list[tuple[Page, str]]:
    """(page, title) pairs for a picker: the default-language pages domain rows point at, each
    titled in the reader's language and sorted by that title. Two queries."""
    pages = list(in_default_language(queryset))
    shown = localized_pages(pages)
    return sorted(((page, shown[page.translation_key].title) for page in pages), key=lambda pair: pair[1])


def localized_pages(pages: Iterable[Page]) -> dict:
    """`{translation_key: page}` in the active language for the given pages, from one query;
    pages without a live translation map to themselves."""
    pages = [page for page in pages if page is not None]
    found = {page.translation_key: page for page in pages}
    language = translated_language()
    if language is None or not found:
        return found
    translated = Page.objects.live().filter(translation_key__in=list(found), locale__language_code=language)
    for page in translated.only("id", "title", "url_path", "translation_key", "locale_id", "depth", "path"):
        found[page.translation_key] = page
    return found


def localized_titles(pages: Iterable[Page]) -> list[Page]:
    """The pages as they are (links and ids stay the originals'), each with `title_shown`: its
    title in the reader's language. One query for the list."""
    pages = list(pages)
    found = localized_pages(pages)
    for page in pages:
        page.title_shown = found.get(page.translation_key, page).title
    return pages


def attach_localized(objects: Iterable, names: dict[str, str]) -> list:
    """For lists of domain rows that point at pages (enrolments, applications): set, on each
    row, the page in the reader's language under a new name, e.g.
    `attach_localized(enrolments, {"course": "course_shown"})`. One query for the whole list."""
    objects = list(objects)
    getters = {path: attrgetter(path) for path in names}
    pages = [getter(obj) for obj in objects for getter in getters.values()]
    found = localized_pages(pages)
    for obj in objects:
        for path, name in names.items():
            page = getters[path](obj)
            setattr(obj, name, found.get(page.translation_key, page) if page is not None else None)
    return objects


class LocalizedPageMixin:
    """For every page type of the site: language-aware links and routing (see the module)."""

    def get_url_parts(self, request=None):
        """A page of the default-language tree, linked while another language is active, gets
        that language's prefix: the translated tree serves the same path when it has it, and the
        home page's routing falls back to this page when it does not."""
        parts = super().get_url_parts(request=request)
        language = translated_language()
        if parts is None or parts[2] is None or language is None:
            return parts
        roots = self._get_relevant_site_root_paths(request)
        if roots and is_default_language(roots[0].language_code):
            return (parts[0], parts[1], f"/{language}{parts[2]}")
        return parts


class FallbackRoutingMixin(LocalizedPageMixin):
    """For the home page: a path the translated tree does not hold is looked up in the
    default-language tree, so untranslated pages open in every language."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            source = source_page(self)
            if source.pk == self.pk:
                raise
            return source.route(request, path_components)
