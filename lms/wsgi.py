import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")


def _application():
    """Django's WSGI application, after the production checks (lms/startup.py) pass."""
    handler = get_wsgi_application()
    from lms.startup import refuse_insecure_production

    refuse_insecure_production()
    return handler


application = _application()
