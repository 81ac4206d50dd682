"""The entrustment scales built in, with their published anchors. Their names and anchors are
stored in English and translated on display (`Scale.display_name`, `ScaleLevel.display_label`);
they are marked here so the translation catalogues carry them.

- Ottawa co-activity scale (Rekman et al., 2016, Acad Med 91:186): how much the supervisor had
  to do, for workplace-based assessment outside the operating theatre.
- O-SCORE (Gofton et al., 2012, Acad Med 87:1401): the Ottawa Surgical Competency Operating
  Room Evaluation's entrustment anchors, from which the co-activity scale was derived.
"""

from django.utils.translation import gettext_noop

OTTAWA = gettext_noop("Ottawa co-activity scale")
O_SCORE = gettext_noop("O-SCORE")

BUILTIN_SCALES = {
    OTTAWA: [
        gettext_noop("I had to do it"),
        gettext_noop("I had to talk them through"),
        gettext_noop("I had to direct them from time to time"),
        gettext_noop("I had to be available just in case"),
        gettext_noop("I did not need to be there"),
    ],
    O_SCORE: [
        gettext_noop("I had to do"),
        gettext_noop("I had to talk them through"),
        gettext_noop("I had to prompt them from time to time"),
        gettext_noop("I needed to be in the room just in case"),
        gettext_noop("I did not need to be there"),
    ],
}


def install_builtin_scales(scale_model, level_model) -> None:
    """Create the built-in scales that are missing (a data migration and seed_demo call it)."""
    for name, anchors in BUILTIN_SCALES.items():
        scale, _created = scale_model.objects.get_or_create(name=name, defaults={"builtin": True})
        for value, anchor in enumerate(anchors, start=1):
            level_model.objects.get_or_create(scale=scale, value=value, defaults={"label": anchor})
