"""No interface text left in English on Spanish, French or Catalan pages.

Every page of the site-wide walks (public, learner, teaching and office pages on the demo) is
rendered in English and in each other language; a piece of text (a text node, or a label a
screen reader reads: aria-label, title, placeholder, alt, an input button's value) that comes out the
same in both, once the data people typed is taken out of it, is interface text nobody
translated. Data stays as it was written (names, course and scenario titles, case text): it is
found by reading every text value in the database, so the test needs no list of it.
"""

import contextlib
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django_countries import countries
from wagtail.fields import RichTextField, StreamField

from lms.models import User
from tests.site_pages import PUBLIC_PAGES, learner_pages, teaching_pages

LANGUAGES = ["es", "fr", "ca"]
OFFICE_PAGES = [
    ("coordinator@example.org", "/dashboard/"),
    ("faculty@example.org", "/dashboard/"),
    ("coordinator@example.org", "/certificates/"),
    ("coordinator@example.org", "/office/audit/"),
    ("coordinator@example.org", "/office/deliveries/"),
    ("coordinator@example.org", "/fellowships/intakes/"),
    ("faculty@example.org", "/live/teaching/"),
]
# Acronyms that read the same in all four languages inside longer text.
SAME_IN_EVERY_LANGUAGE = {"PDF", "CSV", "ICS", "EPA", "EPAs", "CPD", "CME", "CLR", "ID", "OK", "URL", "TSV", "ZIP"}
SKIPPED_TAGS = {"script", "style", "svg", "code", "pre", "textarea", "option"}
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class _Texts(HTMLParser):
    """The text a reader sees or hears on a page, one piece per text node or label."""

    def __init__(self):
        super().__init__()
        self.skipping = 0
        self.pieces: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        values = dict(attrs)
        for name, value in attrs:
            shown_value = tag == "input" and name == "value" and values.get("type") in {"submit", "button"}
            if value and (name in READ_ATTRIBUTES or shown_value):
                self.pieces.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skipping:
            self.pieces.append(text)


def texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.pieces


def _strings(value) -> list[str]:
    """Every string inside a JSON value (StreamField blocks), rich text read as text."""
    if hasattr(value, "get_prep_value"):  # a StreamField's value
        value = value.get_prep_value()
    if isinstance(value, str):
        return texts(value) + [value] if "<" in value else [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


# Rows the site writes itself, in English or as codes: counting them as typed data would let
# an untranslated interface string pass wherever it matches an email subject or an event.
NOT_TYPED = {"lms.notification", "lms.auditevent", "lms.outboxmessage", "admin.logentry", "sessions.session"}


def typed_data() -> list[str]:
    """Every text value people typed into the database (choice codes and the site's own
    records left out)."""
    found: set[str] = set()
    for model in apps.get_models():
        if model._meta.label_lower in NOT_TYPED:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | RichTextField | StreamField | models.JSONField)
            and not field.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if isinstance(value, str) and value.lstrip().startswith(("[", "{")):
                    with contextlib.suppress(ValueError):
                        value = json.loads(value)
                for piece in _strings(value):
                    found.update(line.strip() for line in [piece, *piece.splitlines()] if len(line.strip()) > 1)
    found.update(str(name) for _code, name in countries)
    return sorted(found)


def same_by_choice(language: str) -> list[str]:
    """Text the catalogue translates on purpose into the same words ("Fellowships" in Spanish,
    "Type" in French), and each language's own name in the switcher."""
    catalogue = translation.trans_real.translation(language)._catalog
    chosen = {msgid for msgid, msgstr in catalogue.items() if isinstance(msgid, str) and msgid == msgstr}
    chosen.update(get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES)
    chosen.update([capfirst(text) for text in chosen])  # labels print a field's name capitalised
    return sorted(text for text in chosen if len(text) > 1)


def known(strings: list[str]) -> re.Pattern:
    """One pattern for all the given strings as whole words, the longest first."""
    ordered = sorted(set(strings), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(text) for text in ordered) + r")(?!\w)")


def interface_text(piece: str, data: re.Pattern) -> str:
    """What is left of a piece once data is taken out; '' when nothing English-like is left."""
    rest = data.sub(" ", piece)
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", rest) if word not in SAME_IN_EVERY_LANGUAGE]
    return " ".join(words)


def _pages() -> list[tuple[str | None, str]]:
    public = [(None, path) for path in PUBLIC_PAGES if not re.match(r"^/(es|fr|ca)/", path)]
    return public + [("nurse@example.org", path) for path in learner_pages()] + teaching_pages() + OFFICE_PAGES


def test_no_page_shows_interface_text_in_english_in_spanish_french_or_catalan(demo, client):
    # given the demo, every person reading English unless the address names another language
    User.objects.update(preferred_language="en")
    data = typed_data()
    kept = {language: known(data + same_by_choice(language)) for language in LANGUAGES}
    left: dict[str, list[str]] = {}
    for email, path in _pages():
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        english = client.get(path)
        assert english.status_code == 200, path
        shown_in_english = set(texts(english.content.decode()))
        for language in LANGUAGES:
            # when the same page is read in another language
            translated = client.get(f"/{language}{path}")
            assert translated.status_code == 200, (language, path)
            same = [piece for piece in texts(translated.content.decode()) if piece in shown_in_english]
            found = [piece for piece in dict.fromkeys(same) if interface_text(piece, kept[language])]
            if found:
                left[f"/{language}{path} ({email or 'visitor'})"] = found
    # then nothing on it is interface text still in English
    assert left == {}, "\n".join(f"{page}: {pieces}" for page, pieces in left.items())


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("Neonatal resuscitation: the non-breathing newborn", ""),
        ("Neonatal resuscitation: the non-breathing newborn · to grade", "to grade"),
        ("María José Rodríguez Peña 31", ""),
        ("PDF", ""),
        ("Download the PDF", "Download the"),
    ],
)
def test_data_is_taken_out_and_interface_words_are_left(piece, expected):
    data = known(["Neonatal resuscitation: the non-breathing newborn", "María José Rodríguez Peña", "ea"])

    assert interface_text(piece, data) == expected
