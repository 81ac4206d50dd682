"""An intake's name in every site language (django-modeltranslation): applicants read it on
the programme page and in their applications; English is required, others fall back to it."""

from modeltranslation.translator import TranslationOptions, register

from .models import Intake


@register(Intake)
class IntakeTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)
