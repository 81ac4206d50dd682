"""The benchmark's own URL module: the product's URLs plus a bare view, the floor every page
is compared with (what Django, gunicorn and the network cost with no work at all). Served by
tests/perf/wsgi.py only; the product has no such view."""

from django.http import HttpResponse
from django.urls import path

from lms.urls import urlpatterns as product


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare/", bare), *product]
