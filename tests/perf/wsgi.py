"""The product's WSGI application with the benchmark's URL module (tests/perf/urls.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "tests.perf.urls"
