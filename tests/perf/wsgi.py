"""The product's WSGI application (lms/wsgi.py, with its production checks) serving the
benchmark's URL module (tests/perf/urls.py)."""

from django.conf import settings

from lms.wsgi import application

settings.ROOT_URLCONF = "tests.perf.urls"

__all__ = ["application"]
