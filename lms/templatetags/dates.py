"""Dates with their weekday, in the reader's language: "Monday 7 December 2026",
"lunes 7 de diciembre de 2026", "dilluns 7 de desembre de 2026, a les 14:00".

A hand-written format ("l j F Y") printed each language's words in English order, so Spanish
and Catalan lost their "de"; these put the weekday before the language's own DATE_FORMAT or
DATETIME_FORMAT (lms/formats for English, Django's for the others)."""

from django import template
from django.utils.formats import date_format

register = template.Library()


def weekday_and(value, format_name: str) -> str:
    if value in (None, ""):
        return ""
    return f"{date_format(value, 'l')} {date_format(value, format_name)}"


@register.filter(expects_localtime=True)
def weekday_date(value) -> str:
    return weekday_and(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def weekday_datetime(value) -> str:
    return weekday_and(value, "DATETIME_FORMAT")
