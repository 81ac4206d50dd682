"""The demo site tree: home page, news, contact page, testimonials."""

import datetime
from collections.abc import Callable

from django.conf import settings
from wagtail.models import Locale, Page, Site

from lms.models import Institution, Sponsor

from .i18n import in_default_language
from .models import ContactFormField, ContactPage, HomePage, NewsIndexPage, NewsPage, Testimonial

HOME_INTRO = (
    "Online courses, observerships, training fellowships, fellowships and simulation training "
    "for nurses and doctors from our partner hospitals around the world."
)

TESTIMONIALS = [
    (
        "María José Rodríguez",
        "Paediatric emergency nurse",
        "MX",
        "The simulation sessions changed how our team runs a resuscitation: we now brief, "
        "call out roles and debrief every time.",
    ),
    (
        "Dr. Kwame Mensah-Bonsu",
        "Paediatric oncologist",
        "KE",
        "Three months in the oncology unit gave me protocols and contacts that our hospital still uses every week.",
    ),
    (
        "Aïssatou Diallo",
        "Neonatal nurse",
        "SN",
        "Les cours en ligne étaient légers même avec notre connexion, et le certificat a été "
        "reconnu par notre ministère.",
    ),
]


def seed_site(*, log: Callable[[str], None]) -> HomePage:
    home = in_default_language(HomePage.objects).first()
    if home is None:
        # Wagtail's first migration leaves a plain "Welcome" page (and the default site on it)
        # that holds the "home" slug; it has no place in this site.
        Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
        root = tree_root()
        home = root.add_child(instance=HomePage(title="International Training Office", slug="home", intro=HOME_INTRO))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="LMS")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    _seed_news(home)
    _seed_contact(home)
    log("Site tree: home, news, contact")
    return home


def tree_root() -> Page:
    """Wagtail's migrations create the tree root; a flushed database (transactional tests) has
    none, so make it again."""
    root = Page.get_first_root_node()
    if root is None:
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


def _seed_news(home: HomePage) -> None:
    if in_default_language(NewsIndexPage.objects).exists():
        return
    news = home.add_child(instance=NewsIndexPage(title="News", slug="news", intro="What is new at the office."))
    news.add_child(
        instance=NewsPage(
            title="Applications open for the 2027 observership intakes",
            slug="observership-intakes-2027",
            date=datetime.date(2026, 11, 2),
            summary="Paediatric oncology, cardiology and intensive care observerships open for applications.",
        )
    )


def _seed_contact(home: HomePage) -> None:
    if in_default_language(ContactPage.objects).exists():
        return
    contact = home.add_child(
        instance=ContactPage(
            title="Contact the training office",
            slug="contact",
            intro="<p>Questions about courses, applications, visas or sponsorship? Write to us.</p>",
            to_address="training@example.org",
            from_address="website@example.org",
            subject="Website contact form",
        )
    )
    for order, (label, field_type, required) in enumerate(
        [("Name", "singleline", True), ("Email", "email", True), ("Message", "multiline", True)]
    ):
        ContactFormField.objects.create(
            page=contact, sort_order=order, label=label, field_type=field_type, required=required
        )


def seed_testimonials(*, log: Callable[[str], None]) -> None:
    sponsor = Sponsor.objects.order_by("name").first()
    for name, role, country, quote in TESTIMONIALS:
        institution = Institution.objects.filter(country=country, is_partner=True).order_by("name").first()
        Testimonial.objects.update_or_create(
            name=name,
            locale=Locale.get_default(),
            defaults={
                "role": role,
                "country": country,
                "quote": quote,
                "institution": institution,
                "sponsor": sponsor if country == "SN" else None,
            },
        )
    log(f"{len(TESTIMONIALS)} testimonials")
