"""Site search across every page type: content pages, courses and programmes are all pages."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query, operator="and")
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": page})
