"""Scenario, checklist and room wording in every site language (django-modeltranslation).

The people who book and assess read the scenario's title, discipline, objectives and
checklist, and the room's name, in their own language; English is required, others fall back
to it."""

from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistItem, Room, Scenario


@register(Scenario)
class ScenarioTranslation(TranslationOptions):
    fields = ("title", "discipline", "learning_objectives", "equipment")
    required_languages = ("en",)


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "equipment")
    required_languages = ("en",)
