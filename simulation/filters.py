"""Filters for the upcoming-sessions list, shared by the page and the API (django-filter), so
both accept the same parameters and refuse bad dates with the same message."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Audience, Session


class SessionFilter(django_filters.FilterSet):
    discipline = django_filters.CharFilter(
        field_name="scenario__discipline", lookup_expr="iexact", label=_("Discipline")
    )
    audience = django_filters.ChoiceFilter(
        field_name="scenario__audience", choices=Audience.choices, label=_("Audience")
    )
    date_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = Session
        fields = ["discipline", "audience", "date_from", "date_to"]
