"""Site search in the reader's language, and the language switcher that keeps the page."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from wagtail.models import Locale, Page

from lms.web import page_of

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 200


def search(request):
    """Pages of the reader's language, plus default-language pages whose translation did not
    match (untranslated pages open in every language); a page type may leave a page out of the
    results with a `listed` attribute (a live series the office unpublished)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results: list[Page] = []
    if query:
        active, default = Locale.get_active(), Locale.get_default()
        hits = list(
            Page.objects.live()
            .public()
            .filter(locale__in=[active.pk, default.pk])
            .specific()
            .search(query, operator="and")[:MAX_RESULTS]
        )
        translated = {hit.translation_key for hit in hits if hit.locale_id == active.pk}
        results = [
            hit
            for hit in hits
            if (hit.locale_id == active.pk or hit.translation_key not in translated) and getattr(hit, "listed", True)
        ]
    page = page_of(request, results, 20)
    return render(request, "cms/search.html", {"query": query, "results": page})


@require_POST
def switch_language(request):
    """Django's set_language (cookie, and the same path under the new prefix), but on a page
    with a translation it goes to the translation, whose address may differ (translated slugs)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    page_id = request.POST.get("page", "")
    if isinstance(response, HttpResponseRedirect) and page_id.isdigit() and translation.check_for_language(language):
        shown = Page.objects.filter(pk=page_id).values("translation_key")
        target = Page.objects.live().public().filter(translation_key__in=shown, locale__language_code=language).first()
        if target is not None:
            with translation.override(language):
                url = target.get_url(request)
            if url:
                response["Location"] = url
    return response
