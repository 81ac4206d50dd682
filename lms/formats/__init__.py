"""How dates are written in each language (FORMAT_MODULE_PATH points here).

The words below are Django's own calendar words, listed so that our catalogues carry them and
can correct them: Django's Catalan writes "6 gener de 2027" (its alternative month names lack
the "de" and "d'" that `j E \\d\\e Y` needs) and capitalises weekdays ("Dimecres"). locale/ca
gives "de gener", "d'abril" and "dimecres"; es and fr repeat Django's words. Nothing imports
the tuples: makemessages reads them.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

MONTHS_AFTER_A_DAY = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
WEEKDAYS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)
