"""Filters for the upcoming-sessions list, shared by the page and the API (django-filter), so
both accept the same parameters and refuse bad dates with the same message."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Audience, Session


class SessionFilter(django_filters.FilterSet):
    discipline = django_filters.CharFilter(method="filter_discipline", label=_("Discipline"))
    audience = django_filters.ChoiceFilter(
        field_name="scenario__audience", choices=Audience.choices, label=_("Audience")
    )
    date_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = Session
        fields = ["discipline", "audience", "date_from", "date_to"]

    def filter_discipline(self, queryset, name, value):
        """A discipline's name in any site language: the page's list sends the English name
        (the same in every language), and an API client may send the one it reads."""
        if not value:
            return queryset
        named = Q()
        for code, _name in settings.LANGUAGES:
            named |= Q(**{f"scenario__discipline_{code}__iexact": value})
        return queryset.filter(named)
