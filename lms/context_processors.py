from django.conf import settings
from django.utils.translation import get_language


def language_prefix(request) -> dict:
    """`lang_prefix` for links to Wagtail pages written by path in templates ("/courses/"):
    empty for English, "/es" and so on for the others, as i18n_patterns has them."""
    language = get_language() or settings.LANGUAGE_CODE
    return {"lang_prefix": "" if language == settings.LANGUAGE_CODE else f"/{language}"}
