"""What a production process checks before it serves anyone (called by lms/wsgi.py)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ERROR_DEVELOPMENT_KEY = "DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY (50+ random characters)."
ERROR_NO_ORIGIN = (
    "DEBUG is off but SITE_URL is not set: set it to the site's public origin (https://lms.example.org); "
    "certificates, credentials and emails print it."
)


def refuse_insecure_production() -> None:
    """With DEBUG off, a development secret key (sessions and tokens anyone could forge) or a
    missing origin (certificates signed with the wrong address, for ever) stop the start."""
    if settings.DEBUG:
        return
    if settings.SECRET_KEY == settings.DEV_ONLY_FALLBACK:
        raise ImproperlyConfigured(ERROR_DEVELOPMENT_KEY)
    if not settings.SITE_URL_GIVEN:
        raise ImproperlyConfigured(ERROR_NO_ORIGIN)
