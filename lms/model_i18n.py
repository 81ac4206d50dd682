"""Catalogue fields with a column per language (django-modeltranslation): their admin panels,
and reading them in the reader's language inside a query.

A registered field such as a scenario's `title` has `title_en`, `title_es`, … . Reading
`scenario.title` on an instance gives the active language's wording, or English when it is
blank. Queries that go through another model (`values("session__scenario__title")`) are not
rewritten by the library, so they use `in_reader_language`.
"""

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname, get_language
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translated(field_name: str, heading) -> MultiFieldPanel:
    """Every language's column under the field's label, English first (it is required; a blank
    language reads as English on the site)."""
    return MultiFieldPanel(
        [FieldPanel(build_localized_fieldname(field_name, code)) for code, _name in settings.LANGUAGES],
        heading=heading,
    )


def in_reader_language(path: str) -> Coalesce:
    """`path` (e.g. "session__scenario__title") in the active language, or English if blank."""
    language = get_language()  # modeltranslation's: always one of the site's languages
    default = F(build_localized_fieldname(path, DEFAULT))
    if language == DEFAULT:
        return Coalesce(default, F(path), output_field=CharField())
    wording = NullIf(F(build_localized_fieldname(path, language)), Value(""), output_field=CharField())
    return Coalesce(wording, default, F(path), output_field=CharField())
