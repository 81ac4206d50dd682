"""The demo's page content in Spanish, French and Catalan: the home page, the catalogues, news,
contact, each course's, programme's and live series' title and summary (and a programme's department,
specialty and language requirement), and the testimonials.
Lessons and modules are left untranslated on purpose, to show how an untranslated page reads
inside a translated course."""

from collections.abc import Callable

from django.conf import settings
from wagtail.models import Locale, Page

from .i18n import in_default_language, mirror_page, translate_page
from .models import Testimonial

PAGES: dict[str, dict[str, dict[str, str]]] = {
    "home": {
        "es": {
            "title": "Oficina de Formación Internacional",
            "intro": "Cursos en línea, estancias de observación, fellowships y simulación para enfermeras y "
            "médicos de nuestros hospitales asociados de todo el mundo.",
        },
        "fr": {
            "title": "Bureau de formation internationale",
            "intro": "Cours en ligne, stages d'observation, fellowships et simulation pour les infirmières et "
            "les médecins de nos hôpitaux partenaires dans le monde entier.",
        },
        "ca": {
            "title": "Oficina de Formació Internacional",
            "intro": "Cursos en línia, estades d'observació, fellowships i simulació per a infermeres i metges "
            "dels nostres hospitals associats arreu del món.",
        },
    },
    "courses": {
        "es": {"title": "Cursos en línea", "intro": "Aprenda a su ritmo, trabaje donde trabaje."},
        "fr": {"title": "Cours en ligne", "intro": "Apprenez à votre rythme, où que vous travailliez."},
        "ca": {"title": "Cursos en línia", "intro": "Apreneu al vostre ritme, treballeu on treballeu."},
    },
    "programmes": {
        "es": {
            "title": "Estancias y fellowships",
            "intro": "Fórmese con nuestros equipos durante unas semanas, unos meses o más de un año.",
        },
        "fr": {
            "title": "Stages et fellowships",
            "intro": "Formez-vous avec nos équipes pendant quelques semaines, quelques mois ou plus d'un an.",
        },
        "ca": {
            "title": "Estades i fellowships",
            "intro": "Formeu-vos amb els nostres equips durant unes setmanes, uns mesos o més d'un any.",
        },
    },
    "live": {
        "es": {
            "title": "Sesiones clínicas en directo",
            "intro": "Sesiones clínicas periódicas con nuestros especialistas, en línea o presenciales: una breve "
            "parte docente y, después, casos de hospitales asociados comentados con los expertos. Asista, "
            "registre su asistencia con el código de la sesión y solicite su crédito.",
        },
        "fr": {
            "title": "Séances cliniques en direct",
            "intro": "Des séances cliniques régulières avec nos spécialistes, en ligne ou en présentiel : un bref "
            "enseignement, puis des cas d'hôpitaux partenaires discutés avec les experts. Assistez à la séance, "
            "enregistrez votre présence avec le code de la séance et demandez votre crédit.",
        },
        "ca": {
            "title": "Sessions clíniques en directe",
            "intro": "Sessions clíniques periòdiques amb els nostres especialistes, en línia o presencials: una breu "
            "part docent i, després, casos d'hospitals associats comentats amb els experts. Assistiu-hi, registreu "
            "la vostra assistència amb el codi de la sessió i sol·liciteu el vostre crèdit.",
        },
    },
    "paediatric-oncology-tumour-board": {
        "es": {
            "title": "Comité de tumores de oncología pediátrica",
            "specialty": "Oncología pediátrica",
            "summary": "Sesión telemática quincenal: una breve parte docente y, después, casos anonimizados de "
            "hospitales asociados comentados con nuestros oncólogos, radiólogos y cirujanos.",
        },
        "fr": {
            "title": "Réunion de concertation en oncologie pédiatrique",
            "specialty": "Oncologie pédiatrique",
            "summary": "Séance télématique tous les quinze jours : un bref enseignement, puis des cas anonymisés "
            "d'hôpitaux partenaires discutés avec nos oncologues, radiologues et chirurgiens.",
        },
        "ca": {
            "title": "Comitè de tumors d'oncologia pediàtrica",
            "specialty": "Oncologia pediàtrica",
            "summary": "Sessió telemàtica quinzenal: una breu part docent i, després, casos anonimitzats "
            "d'hospitals associats comentats amb els nostres oncòlegs, radiòlegs i cirurgians.",
        },
    },
    "paediatric-nursing-clinical-session": {
        "es": {
            "title": "Sesión clínica de enfermería pediátrica",
            "specialty": "Enfermería pediátrica",
            "summary": "Sesión presencial semanal para enfermeras: un caso de las unidades, comentado con las "
            "enfermeras formadoras.",
        },
        "fr": {
            "title": "Séance clinique de soins infirmiers pédiatriques",
            "specialty": "Soins infirmiers pédiatriques",
            "summary": "Séance hebdomadaire en présentiel pour les infirmières : un cas des services, discuté avec "
            "les infirmières formatrices.",
        },
        "ca": {
            "title": "Sessió clínica d'infermeria pediàtrica",
            "specialty": "Infermeria pediàtrica",
            "summary": "Sessió presencial setmanal per a infermeres: un cas de les unitats, comentat amb les "
            "infermeres formadores.",
        },
    },
    "news": {
        "es": {"title": "Noticias", "intro": "Novedades de la oficina."},
        "fr": {"title": "Actualités", "intro": "Les nouvelles du bureau."},
        "ca": {"title": "Notícies", "intro": "Novetats de l'oficina."},
    },
    "observership-intakes-2027": {
        "es": {
            "title": "Abiertas las solicitudes para las estancias de observación de 2027",
            "summary": "Abiertas las solicitudes de las estancias de oncología pediátrica, cardiología y cuidados "
            "intensivos.",
        },
        "fr": {
            "title": "Candidatures ouvertes pour les stages d'observation 2027",
            "summary": "Les stages d'observation en oncologie pédiatrique, cardiologie et soins intensifs sont "
            "ouverts aux candidatures.",
        },
        "ca": {
            "title": "Obertes les sol·licituds per a les estades d'observació del 2027",
            "summary": "Obertes les sol·licituds de les estades d'oncologia pediàtrica, cardiologia i cures "
            "intensives.",
        },
    },
    "contact": {
        "es": {
            "title": "Contacte con la oficina de formación",
            "intro": "<p>¿Preguntas sobre cursos, solicitudes, visados o patrocinio? Escríbanos.</p>",
        },
        "fr": {
            "title": "Contacter le bureau de formation",
            "intro": "<p>Des questions sur les cours, les candidatures, les visas ou le parrainage ? Écrivez-nous.</p>",
        },
        "ca": {
            "title": "Contacteu amb l'oficina de formació",
            "intro": "<p>Preguntes sobre cursos, sol·licituds, visats o patrocini? Escriviu-nos.</p>",
        },
    },
    "paediatric-basic-life-support": {
        "es": {
            "title": "Soporte vital básico pediátrico para enfermería",
            "summary": "Reconozca al niño gravemente enfermo e inicie el soporte vital básico con seguridad.",
        },
        "fr": {
            "title": "Réanimation cardio-pulmonaire de base pédiatrique pour les infirmières",
            "summary": "Reconnaître l'enfant gravement malade et commencer la réanimation de base avec assurance.",
        },
        "ca": {
            "title": "Suport vital bàsic pediàtric per a infermeria",
            "summary": "Reconeixeu l'infant greument malalt i inicieu el suport vital bàsic amb seguretat.",
        },
    },
    "paediatric-sepsis-recognition": {
        "es": {
            "title": "Reconocer la sepsis pediátrica",
            "summary": "Detecte pronto la sepsis en niños, escale con SBAR y administre la atención de la primera "
            "hora.",
        },
        "fr": {
            "title": "Reconnaître le sepsis de l'enfant",
            "summary": "Repérer tôt le sepsis chez l'enfant, alerter avec SBAR et assurer les soins de la première "
            "heure.",
        },
        "ca": {
            "title": "Reconèixer la sèpsia pediàtrica",
            "summary": "Detecteu aviat la sèpsia en infants, escaleu amb SBAR i feu l'atenció de la primera hora.",
        },
    },
    "neonatal-resuscitation": {
        "es": {
            "title": "Reanimación neonatal",
            "summary": "El algoritmo de soporte vital del recién nacido: calor, vía aérea, insuflaciones y cuándo "
            "comprimir.",
        },
        "fr": {
            "title": "Réanimation néonatale",
            "summary": "L'algorithme de réanimation du nouveau-né : chaleur, voies aériennes, insufflations et "
            "quand comprimer.",
        },
        "ca": {
            "title": "Reanimació neonatal",
            "summary": "L'algorisme de suport vital del nounat: escalfor, via aèria, insuflacions i quan comprimir.",
        },
    },
    "paediatric-oncology-observership": {
        "es": {
            "department": "Oncología pediátrica",
            "specialty": "Hematología y oncología",
            "language_requirement": "Español o inglés B2",
            "title": "Estancia de observación en oncología pediátrica",
            "summary": "De dos a cuatro semanas con el equipo de oncología pediátrica: pases de planta, comités de "
            "tumores y hospital de día.",
        },
        "fr": {
            "department": "Oncologie pédiatrique",
            "specialty": "Hématologie et oncologie",
            "language_requirement": "Espagnol ou anglais B2",
            "title": "Stage d'observation en oncologie pédiatrique",
            "summary": "Deux à quatre semaines avec l'équipe d'oncologie pédiatrique : visites, réunions de "
            "concertation et hôpital de jour.",
        },
        "ca": {
            "department": "Oncologia pediàtrica",
            "specialty": "Hematologia i oncologia",
            "language_requirement": "Castellà o anglès B2",
            "title": "Estada d'observació en oncologia pediàtrica",
            "summary": "De dues a quatre setmanes amb l'equip d'oncologia pediàtrica: passis de planta, comitès de "
            "tumors i hospital de dia.",
        },
    },
    "paediatric-cardiology-training-fellowship": {
        "es": {
            "department": "Cardiología",
            "specialty": "Cardiología pediátrica y ecocardiografía",
            "language_requirement": "Español B2",
            "title": "Fellowship de formación en cardiología pediátrica",
            "summary": "De tres a seis meses de ecocardiografía práctica y consulta de cardiopatías congénitas.",
        },
        "fr": {
            "department": "Cardiologie",
            "specialty": "Cardiologie pédiatrique et échocardiographie",
            "language_requirement": "Espagnol B2",
            "title": "Fellowship de formation en cardiologie pédiatrique",
            "summary": "Trois à six mois d'échocardiographie pratique et de consultation des cardiopathies "
            "congénitales.",
        },
        "ca": {
            "department": "Cardiologia",
            "specialty": "Cardiologia pediàtrica i ecocardiografia",
            "language_requirement": "Castellà B2",
            "title": "Fellowship de formació en cardiologia pediàtrica",
            "summary": "De tres a sis mesos d'ecocardiografia pràctica i consulta de cardiopaties congènites.",
        },
    },
    "paediatric-intensive-care-fellowship": {
        "es": {
            "department": "Cuidados intensivos",
            "specialty": "Medicina intensiva pediátrica",
            "language_requirement": "Español C1",
            "title": "Fellowship en cuidados intensivos pediátricos",
            "summary": "De dieciocho a veinticuatro meses en la UCI pediátrica, con tiempo de investigación y "
            "docencia en simulación.",
        },
        "fr": {
            "department": "Réanimation",
            "specialty": "Réanimation pédiatrique",
            "language_requirement": "Espagnol C1",
            "title": "Fellowship en réanimation pédiatrique",
            "summary": "Dix-huit à vingt-quatre mois en réanimation pédiatrique, avec du temps de recherche et "
            "d'enseignement en simulation.",
        },
        "ca": {
            "department": "Cures intensives",
            "specialty": "Medicina intensiva pediàtrica",
            "language_requirement": "Castellà C1",
            "title": "Fellowship en cures intensives pediàtriques",
            "summary": "De divuit a vint-i-quatre mesos a la UCI pediàtrica, amb temps de recerca i docència en "
            "simulació.",
        },
    },
    "paediatric-nursing-observership": {
        "es": {
            "department": "Enfermería",
            "specialty": "Enfermería pediátrica",
            "language_requirement": "Español, inglés o francés B1",
            "title": "Estancia de observación en enfermería pediátrica",
            "summary": "De una a tres semanas junto a nuestras enfermeras en planta, urgencias y neonatología.",
        },
        "fr": {
            "department": "Soins infirmiers",
            "specialty": "Soins infirmiers pédiatriques",
            "language_requirement": "Espagnol, anglais ou français B1",
            "title": "Stage d'observation en soins infirmiers pédiatriques",
            "summary": "Une à trois semaines aux côtés de nos infirmières en service, aux urgences et en néonatologie.",
        },
        "ca": {
            "department": "Infermeria",
            "specialty": "Infermeria pediàtrica",
            "language_requirement": "Castellà, anglès o francès B1",
            "title": "Estada d'observació en infermeria pediàtrica",
            "summary": "D'una a tres setmanes al costat de les nostres infermeres a planta, urgències i neonatologia.",
        },
    },
}


TESTIMONIALS: dict[str, dict[str, dict[str, str]]] = {
    "María José Rodríguez": {
        "es": {
            "role": "Enfermera de urgencias pediátricas",
            "quote": "Las sesiones de simulación cambiaron cómo nuestro equipo lleva una reanimación: ahora "
            "hacemos briefing, asignamos roles en voz alta y hacemos debriefing cada vez.",
        },
        "fr": {
            "role": "Infirmière aux urgences pédiatriques",
            "quote": "Les séances de simulation ont changé la façon dont notre équipe mène une réanimation : "
            "briefing, rôles annoncés à voix haute et débriefing à chaque fois.",
        },
        "ca": {
            "role": "Infermera d'urgències pediàtriques",
            "quote": "Les sessions de simulació van canviar com el nostre equip porta una reanimació: ara fem "
            "briefing, assignem rols en veu alta i fem debriefing cada vegada.",
        },
    },
    "Dr. Kwame Mensah-Bonsu": {
        "es": {
            "role": "Oncólogo pediátrico",
            "quote": "Tres meses en la unidad de oncología me dieron protocolos y contactos que nuestro hospital "
            "sigue usando cada semana.",
        },
        "fr": {
            "role": "Oncologue pédiatre",
            "quote": "Trois mois dans l'unité d'oncologie m'ont apporté des protocoles et des contacts que notre "
            "hôpital utilise encore chaque semaine.",
        },
        "ca": {
            "role": "Oncòleg pediàtric",
            "quote": "Tres mesos a la unitat d'oncologia em van donar protocols i contactes que el nostre hospital "
            "encara fa servir cada setmana.",
        },
    },
    "Aïssatou Diallo": {
        "es": {
            "role": "Enfermera neonatal",
            "quote": "Los cursos en línea eran ligeros incluso con nuestra conexión, y nuestro ministerio "
            "reconoció el certificado.",
        },
        "fr": {"role": "Infirmière néonatale"},
        "ca": {
            "role": "Infermera neonatal",
            "quote": "Els cursos en línia eren lleugers fins i tot amb la nostra connexió, i el nostre ministeri "
            "va reconèixer el certificat.",
        },
    },
}


def seed_translations(*, log: Callable[[str], None]) -> None:
    """Give every page of the default-language tree a version in each other language: a
    translation where the demo has one, an alias (the original, kept in step) elsewhere, as
    Wagtail's synced trees do for pages editors create. Runs again without changing anything."""
    home = in_default_language(Page.objects.filter(depth=2)).order_by("path").first()
    if home is None:
        return
    pages = list(home.get_descendants(inclusive=True).order_by("path").specific())
    made = 0
    for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        locale = Locale.objects.get(language_code=language)
        for page in pages:
            if page.has_translation(locale):
                continue
            fields = PAGES.get(page.slug, {}).get(language)
            if fields:
                translate_page(page, language, **fields)
            else:
                mirror_page(page, language)
            made += 1
    made += _translate_testimonials()
    log(f"Translations: {made} pages and testimonials made in {len(settings.WAGTAIL_CONTENT_LANGUAGES) - 1} languages")


def _translate_testimonials() -> int:
    made = 0
    for original in in_default_language(Testimonial.objects.filter(name__in=list(TESTIMONIALS))):
        for language, fields in TESTIMONIALS[original.name].items():
            locale = Locale.objects.get(language_code=language)
            if original.has_translation(locale):
                continue
            translated = original.copy_for_translation(locale)
            for name, value in fields.items():
                setattr(translated, name, value)
            translated.save()
            made += 1
    return made
