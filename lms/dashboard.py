"""The personal dashboard: one section per role a person holds.

Domain apps add their panels by calling `register_panel` from their AppConfig.ready(), so the
core never imports them (see DESIGN.md: dependencies run one way).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role, User

APPLICANT = "applicant"


@dataclass
class Panel:
    """A block in a dashboard section: a heading, a template and its context."""

    title: str | Promise
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class Section:
    key: str
    title: str | Promise
    intro: str | Promise
    panels: list[Panel] = field(default_factory=list)


SECTION_TITLES = {
    Role.LEARNER.value: (_("Learning"), _("Your courses, simulation bookings and certificates.")),
    APPLICANT: (_("Applications"), _("Observerships and fellowships you have applied for.")),
    Role.FACULTY.value: (_("Teaching"), _("What you grade, review, supervise and assess.")),
    Role.COORDINATOR.value: (_("Training office"), _("Programmes, intakes, partners and reports.")),
    Role.EDITOR.value: (_("Content"), _("Pages and courses in the content editor.")),
}

PanelFactory = Callable[[HttpRequest, User], Panel | None]
_registry: dict[str, list[PanelFactory]] = {key: [] for key in SECTION_TITLES}


def register_panel(section: str, factory: PanelFactory) -> None:
    if factory not in _registry[section]:
        _registry[section].append(factory)


def section_keys_for(user: User) -> list[str]:
    """Learner and applicant are open to everyone (anyone may apply); the rest are granted."""
    roles = user.roles
    keys = [Role.LEARNER.value, APPLICANT]
    keys += [role for role in (Role.FACULTY.value, Role.COORDINATOR.value, Role.EDITOR.value) if role in roles]
    return keys


def sections_for(*, request: HttpRequest, user: User) -> list[Section]:
    sections = []
    for key in section_keys_for(user):
        title, intro = SECTION_TITLES[key]
        panels = [panel for factory in _registry[key] if (panel := factory(request, user)) is not None]
        sections.append(Section(key=key, title=title, intro=intro, panels=sorted(panels, key=lambda p: p.order)))
    return sections
