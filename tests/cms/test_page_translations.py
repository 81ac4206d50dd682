"""Page content in four languages: translated trees, untranslated pages in every language,
the switcher, search engines' links, search, and learners' state kept whole across languages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.i18n import translate_page
from cms.models import NewsPage
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonProgress, QuizAttempt
from fellowships.models import Application, ProgrammeIndexPage
from tests.courses.factories import catalogue as course_catalogue
from tests.courses.factories import lessons_of, make_course, quiz_block
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory
from tests.fellowships.factories import IntakeFactory, make_programme
from tests.fellowships.factories import catalogue as programme_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_home(home):
    return translate_page(home, "es", title="Oficina de Formación Internacional", intro="Cursos en línea y estancias.")


def test_a_translated_page_shows_its_own_content_under_its_language_prefix(client, home, spanish_home):
    spanish = client.get("/es/").content.decode()
    english = client.get("/").content.decode()

    assert "Cursos en línea y estancias." in spanish and '<html lang="es">' in spanish
    assert "Cursos en línea y estancias." not in english and home.intro in english


def test_an_untranslated_page_opens_in_every_language_with_the_original_content(client, spanish_home):
    news = NewsPage.objects.get()

    response = client.get("/es/news/observership-intakes-2027/")

    assert response.status_code == 200
    assert news.title in response.content.decode() and '<html lang="es">' in response.content.decode()


def test_links_on_a_translated_page_keep_the_language(client, spanish_home):
    page = client.get("/es/news/").content.decode()

    assert 'href="/es/news/observership-intakes-2027/"' in page


def test_the_switcher_goes_to_the_translation_even_under_another_address(client, home):
    contact = home.get_children().get(slug="contact").specific
    translate_page(contact, "es", title="Contacto", slug="contacto")

    response = client.post("/i18n/switch/", {"language": "es", "next": "/contact/", "page": contact.pk})

    assert response.status_code == 302 and response["Location"] == "/es/contacto/"
    assert client.get(response["Location"]).status_code == 200


def test_the_switcher_keeps_the_path_of_a_page_not_translated(client, spanish_home):
    news = NewsPage.objects.get()

    response = client.post("/i18n/switch/", {"language": "es", "next": news.url, "page": news.pk})

    assert response["Location"] == "/es/news/observership-intakes-2027/"


def test_a_translated_page_names_its_translations_for_search_engines(client, spanish_home):
    page = client.get("/es/").content.decode()

    assert '<link rel="canonical" href="http://localhost/es/">' in page
    assert '<link rel="alternate" hreflang="en" href="http://localhost/">' in page
    assert '<link rel="alternate" hreflang="es" href="http://localhost/es/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="http://localhost/">' in page


def test_an_untranslated_page_points_search_engines_at_the_original(client, spanish_home):
    page = client.get("/es/news/observership-intakes-2027/").content.decode()

    assert '<link rel="canonical" href="http://localhost/news/observership-intakes-2027/">' in page
    assert 'hreflang="es"' not in page


def test_the_sitemap_lists_the_pages_of_every_language(client, spanish_home):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://localhost/</loc>" in sitemap and "<loc>http://localhost/es/</loc>" in sitemap


def test_search_finds_the_page_in_the_readers_language(client, home):
    news = NewsPage.objects.get()
    translate_page(news, "es", title="Convocatoria de estancias de observación 2027")

    spanish = client.get("/es/search/", {"q": "convocatoria"}).content.decode()
    english = client.get("/search/", {"q": "convocatoria"}).content.decode()

    assert "Convocatoria de estancias" in spanish
    assert "Convocatoria de estancias" not in english


def test_search_in_another_language_still_finds_untranslated_pages(client, spanish_home):
    response = client.get("/es/search/", {"q": "observership intakes"}).content.decode()

    assert 'href="/es/news/observership-intakes-2027/"' in response


# Learners' state across languages


@pytest.fixture
def spanish_course(spanish_home):
    course = make_course(lessons=[[{"type": "paragraph", "value": "<p>Read me.</p>"}], [quiz_block()]])
    translate_page(course_catalogue(), "es", title="Cursos en línea")
    spanish = translate_page(course, "es", title="Soporte vital pediátrico")
    for number, lesson in enumerate(lessons_of(course), start=1):
        translate_page(lesson, "es", title=f"Lección {number}")
    return spanish


def _spanish_lessons(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_enrolling_on_the_translated_course_page_enrols_in_the_course(client, spanish_course):
    learner = UserFactory()
    client.force_login(learner)

    client.post(f"/courses/{spanish_course.pk}/enrol/")

    enrolment = Enrolment.objects.get(learner=learner)
    assert enrolment.course.locale.language_code == "en"
    assert enrolment.course.translation_key == spanish_course.translation_key
    assert "Soporte vital pediátrico" in client.get("/es/courses/mine/").content.decode()


def test_a_lesson_finished_in_spanish_is_ticked_on_the_english_course(client, spanish_course):
    learner = UserFactory()
    client.force_login(learner)
    client.post(f"/courses/{spanish_course.pk}/enrol/")
    first_spanish = _spanish_lessons(spanish_course)[0]

    client.post(f"/courses/lessons/{first_spanish.pk}/complete/")

    progress = LessonProgress.objects.get()
    english_course = progress.enrolment.course
    assert progress.lesson.locale.language_code == "en"
    english_page = client.get(english_course.url).content.decode()
    spanish_page = client.get(spanish_course.url).content.decode()
    assert english_page.count('<span aria-hidden="true">✓</span>') == 1
    assert spanish_page.count('<span aria-hidden="true">✓</span>') == 1 and "Lección 1" in spanish_page


def test_a_quiz_taken_in_spanish_keeps_the_questions_as_shown_and_completes_the_course(client, spanish_course):
    learner = UserFactory()
    client.force_login(learner)
    client.post(f"/courses/{spanish_course.pk}/enrol/")
    reading, quiz = _spanish_lessons(spanish_course)
    body = quiz.body.raw_data
    body[0]["value"]["questions"][0]["text"] = "¿Relación con dos reanimadores?"
    quiz.body = body
    quiz.save_revision().publish()
    block_id = LessonPage.objects.get(pk=quiz.pk).activities()[0].id
    client.post(f"/courses/lessons/{reading.pk}/complete/")

    client.post(f"/courses/lessons/{quiz.pk}/quiz/{block_id}/", {"q0": "1", "q1": ["0", "2"]})

    attempt = QuizAttempt.objects.get()
    assert attempt.passed and attempt.lesson.locale.language_code == "en"
    assert attempt.questions["questions"][0]["text"] == "¿Relación con dos reanimadores?"
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED


def test_translated_lessons_keep_the_activity_ids_of_the_original(spanish_course):
    english = lessons_of(
        CoursePage.objects.get(translation_key=spanish_course.translation_key, locale__language_code="en")
    )

    assert [b.id for b in _spanish_lessons(spanish_course)[1].activities()] == [b.id for b in english[1].activities()]


def test_a_translated_course_shows_untranslated_lessons_from_the_original(client, spanish_home):
    course = make_course(lessons=[[{"type": "paragraph", "value": "<p>One.</p>"}]] * 2)
    translate_page(course_catalogue(), "es", title="Cursos en línea")
    spanish = translate_page(course, "es", title="Curso traducido")
    first = lessons_of(course)[0]
    translate_page(first, "es", title="Primera lección")
    learner = UserFactory()
    client.force_login(learner)
    client.post(f"/courses/{spanish.pk}/enrol/")

    page = client.get(spanish.url).content.decode()

    assert "Primera lección" in page and "Lesson 2" in page
    assert client.get(f"/es/courses/{spanish.slug}/{lessons_of(course)[1].slug}/").status_code == 200


def test_the_spanish_catalogue_shows_the_learners_state(client, spanish_course):
    learner = UserFactory()
    client.force_login(learner)
    client.post(f"/courses/{spanish_course.pk}/enrol/")

    page = client.get("/es/courses/").content.decode()

    assert "Soporte vital pediátrico" in page and "Paediatric life support" not in page
    assert "0%" in page


def test_spanish_catalogue_queries_do_not_grow_with_courses(client, spanish_home, django_assert_num_queries):
    translate_page(course_catalogue(), "es", title="Cursos en línea")
    learner = UserFactory()
    client.force_login(learner)

    def populate(n):
        for _ in range(n):
            course = make_course()
            spanish = translate_page(course, "es", title=f"Curso {course.pk}")
            Enrolment.objects.create(learner=learner, course=course)
            assert spanish.pk != course.pk

    populate(3)
    client.get("/es/courses/")  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as context:
        client.get("/es/courses/")
    three = len(context)
    populate(27)
    client.get("/es/courses/")

    with django_assert_num_queries(three):
        assert client.get("/es/courses/").text.count('class="card"') == 24
    assert CourseIndexPage.objects.count() == 2


# Programmes across languages


def test_a_translated_programme_page_offers_the_programmes_intakes(client, spanish_home):
    intake = IntakeFactory(title="Primavera 2027")
    client.force_login(UserFactory())
    translate_page(programme_catalogue(), "es", title="Estancias y fellowships")
    spanish = translate_page(intake.programme, "es", title="Estancia de cardiología pediátrica")

    programme_page = client.get(spanish.url).content.decode()
    assert f"/applications/start/{intake.pk}/" in programme_page
    catalogue_page = client.get("/es/programmes/").content.decode()

    assert "Estancia de cardiología pediátrica" in programme_page and "Primavera 2027" in programme_page
    assert "Estancia de cardiología pediátrica" in catalogue_page and "(1 " in catalogue_page
    assert ProgrammeIndexPage.objects.count() == 2


def test_an_applicant_reads_the_programme_title_in_their_language(client, spanish_home):
    intake = IntakeFactory()
    translate_page(intake.programme, "es", title="Estancia de cardiología pediátrica")
    applicant = UserFactory(profession="doctor")
    client.force_login(applicant)

    client.post(f"/es/applications/start/{intake.pk}/")

    application = Application.objects.get(applicant=applicant)
    assert "Estancia de cardiología pediátrica" in client.get("/es/applications/").content.decode()
    assert "Estancia de cardiología pediátrica" in client.get(f"/es/applications/{application.pk}/").content.decode()


def test_an_intake_set_on_a_translated_programme_belongs_to_the_original(spanish_home):
    programme = make_programme()
    spanish = translate_page(programme, "es", title="Estancia")
    intake = IntakeFactory.build(programme=spanish)

    intake.full_clean()

    assert intake.programme == programme


def test_the_certificate_names_the_course_in_the_learners_language(client, spanish_course):
    from certificates.models import Certificate

    learner = UserFactory(preferred_language="es")
    client.force_login(learner)
    english = CoursePage.objects.get(translation_key=spanish_course.translation_key, locale__language_code="en")
    client.post(f"/courses/{english.pk}/enrol/")
    reading, quiz = lessons_of(english)
    client.post(f"/courses/lessons/{reading.pk}/complete/")

    client.post(f"/courses/lessons/{quiz.pk}/quiz/{quiz.activities()[0].id}/", {"q0": "1", "q1": ["0", "2"]})

    assert Certificate.objects.get(recipient=learner).title == "Soporte vital pediátrico"


def test_the_home_page_shows_testimonials_in_the_readers_language_where_translated(client, spanish_home):
    from cms.models import Testimonial

    translated = Testimonial.objects.create(name="Ana Pérez", role="Nurse", quote="Simulation changed our team.")
    spanish = translated.copy_for_translation(spanish_home.locale)
    spanish.quote = "La simulación cambió nuestro equipo."
    spanish.save()
    Testimonial.objects.create(name="Kofi Boateng", role="Doctor", quote="Three months that still help us.")

    in_spanish = client.get("/es/").content.decode()
    in_english = client.get("/").content.decode()

    assert "La simulación cambió nuestro equipo." in in_spanish and "Simulation changed our team." not in in_spanish
    assert "Three months that still help us." in in_spanish
    assert "Simulation changed our team." in in_english and "La simulación" not in in_english


def test_status_emails_name_the_programme_and_link_in_the_applicants_language(spanish_home):
    from fellowships import services
    from fellowships.models import Status
    from lms.models import Notification
    from tests.factories import CoordinatorFactory
    from tests.fellowships.factories import ApplicationFactory

    application = ApplicationFactory(applicant__preferred_language="es", status=Status.SUBMITTED)
    translate_page(application.intake.programme, "es", title="Estancia de cardiología pediátrica")

    services.transition(actor=CoordinatorFactory(), application=application, to_status=Status.UNDER_REVIEW)

    body = Notification.objects.get(recipient=application.applicant).body
    assert "Estancia de cardiología pediátrica" in body
    assert f"/es/applications/{application.pk}/" in body


def test_staff_read_the_course_and_programme_titles_in_their_language(client, spanish_course):
    course = CoursePage.objects.get(translation_key=spanish_course.translation_key, locale__language_code="en")
    intake = IntakeFactory()
    translate_page(intake.programme, "es", title="Estancia de cardiología pediátrica")
    client.force_login(CoordinatorFactory())

    gradebook = client.get(f"/es/courses/{course.pk}/gradebook/").content.decode()
    pipeline = client.get(f"/es/fellowships/intakes/{intake.pk}/pipeline/").content.decode()

    assert "Soporte vital pediátrico" in gradebook
    assert "Estancia de cardiología pediátrica" in pipeline


def test_staff_lists_name_courses_and_programmes_in_the_readers_language(client, spanish_course):
    course = CoursePage.objects.get(translation_key=spanish_course.translation_key, locale__language_code="en")
    intake = IntakeFactory()
    translate_page(intake.programme, "es", title="Estancia de cardiología pediátrica")
    client.force_login(CoordinatorFactory())

    intakes = client.get("/es/fellowships/intakes/").content.decode()
    teacher = FacultyFactory()
    course.faculty.add(teacher)
    course.save()  # a page's many-to-many is kept with the page
    client.force_login(teacher)
    grading = client.get("/es/courses/grading/").content.decode()
    dashboard = client.get("/es/dashboard/").content.decode()

    assert f'href="/es/courses/{course.pk}/gradebook/">Libro de calificaciones: Soporte vital pediátrico' in grading
    assert "Libro de calificaciones: Soporte vital pediátrico" in dashboard
    assert "Estancia de cardiología pediátrica" in intakes and intake.programme.title not in intakes


def test_the_linking_page_names_courses_in_the_readers_language_and_links_the_original(client, spanish_course):
    from tests.competencies.factories import CompetencyFactory

    CompetencyFactory()
    client.force_login(CoordinatorFactory())
    original = CoursePage.objects.get(translation_key=spanish_course.translation_key, locale__language_code="en")

    page = client.get("/es/competencies/links/").content.decode()

    assert f'<option value="course:{original.pk}">Soporte vital pediátrico</option>' in page
    assert f"course:{spanish_course.pk}" not in page
