import pytest

from cms.demo import seed_site
from cms.models import HomePage
from tests.factories import CoordinatorFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    from lms.roles import ensure_role_groups

    page = seed_site(log=lambda _: None)
    ensure_role_groups()
    return page


def test_editor_edits_the_home_page_in_wagtail(client, home):
    client.force_login(EditorFactory())

    response = client.get(f"/cms-admin/pages/{home.pk}/edit/")

    assert response.status_code == 200


def test_editor_publishes_a_new_home_page_intro(client, home):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    client.force_login(EditorFactory())
    data = nested_form_data(
        {"title": home.title, "slug": home.slug, "intro": "Bienvenidos", "body": streamfield([]), "action-publish": "1"}
    )

    client.post(f"/cms-admin/pages/{home.pk}/edit/", data)

    assert HomePage.objects.get(pk=home.pk).intro == "Bienvenidos"


def test_coordinator_manages_partner_institutions_and_sponsors(client, home):
    client.force_login(CoordinatorFactory())

    assert client.get("/cms-admin/snippets/lms/institution/").status_code == 200
    assert client.get("/cms-admin/snippets/lms/sponsor/add/").status_code == 200


def test_coordinator_manages_certificate_templates_and_activities(client, home):
    client.force_login(CoordinatorFactory())

    assert client.get("/cms-admin/snippets/certificates/certificatetemplate/add/").status_code == 200
    assert client.get("/cms-admin/snippets/certificates/activity/").status_code == 200


def test_coordinator_manages_live_series(client, home):
    """Coordinators create series (DESIGN.md); the role lacked the series permissions."""
    client.force_login(CoordinatorFactory())

    assert client.get("/cms-admin/snippets/live/series/").status_code == 200
    assert client.get("/cms-admin/snippets/live/series/add/").status_code == 200


def test_learner_cannot_open_the_wagtail_admin(client, home):
    client.force_login(UserFactory())

    response = client.get("/cms-admin/")

    assert response.status_code == 302


def test_django_admin_is_served_at_django_admin(client):
    from lms.models import User

    client.force_login(User.objects.create_superuser(email="root@example.org", password="x-long-pass-1"))

    assert client.get("/django-admin/").status_code == 200


def test_home_page_is_served_at_the_root(client, home):
    response = client.get("/")

    assert response.status_code == 200
    assert home.title in response.content.decode()


def test_editor_copies_a_page_into_spanish_to_translate_it(client, home):
    from wagtail.models import Locale

    client.force_login(EditorFactory())
    spanish = Locale.objects.get(language_code="es")

    response = client.post(f"/cms-admin/translation/submit/page/{home.pk}/", {"locales": [spanish.pk]})

    assert response.status_code == 302
    translation = home.get_translation(spanish)
    assert translation.title == home.title and not translation.live  # a draft for the translator


def test_editor_can_turn_an_untranslated_alias_into_a_page_of_its_own(client, home):
    from cms.i18n import mirror_page

    client.force_login(EditorFactory())
    alias = mirror_page(home, "fr")

    response = client.get(f"/cms-admin/pages/{alias.pk}/edit/")

    assert response.status_code == 200 and alias.alias_of_id == home.pk
    assert f"/cms-admin/pages/{alias.pk}/convert_alias/" in response.content.decode()


def test_editor_manages_testimonials_and_their_translations(client, home):
    from wagtail.models import Locale

    from cms.models import Testimonial

    testimonial = Testimonial.objects.create(name="Ana Pérez", role="Nurse", quote="Simulation changed our team.")
    client.force_login(EditorFactory())
    spanish = Locale.objects.get(language_code="es")

    listing = client.get("/cms-admin/snippets/cms/testimonial/")
    client.post(f"/cms-admin/translation/submit/snippet/cms/testimonial/{testimonial.pk}/", {"locales": [spanish.pk]})

    assert listing.status_code == 200
    assert testimonial.get_translation(spanish).quote == testimonial.quote


def test_the_admin_menu_names_the_snippets_in_the_readers_language():
    """The menu labels were plain English strings."""
    from django.utils import translation

    from lms.wagtail_hooks import InstitutionViewSet
    from simulation.wagtail_hooks import RoomViewSet

    with translation.override("es"):
        assert (str(InstitutionViewSet.menu_label), str(RoomViewSet.menu_label)) == (
            "Instituciones asociadas",
            "Salas de simulación",
        )

