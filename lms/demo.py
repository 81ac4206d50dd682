"""Demo data of the core: partner institutions, sponsors and the demo accounts.

Idempotent: running it again updates what is there and creates what is missing. Later apps add
their own demo content through `seed_demo` steps registered in their AppConfig.ready().
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from .models import Institution, Role, Sponsor, User
from .roles import ensure_role_groups

PARTNERS = [
    ("Hospital Infantil de México Federico Gómez", "MX", "Ciudad de México", 19.43, -99.13),
    ("Hospital de Niños Ricardo Gutiérrez", "AR", "Buenos Aires", -34.6, -58.38),
    ("Hospital Nacional de Niños Dr. Carlos Sáenz Herrera", "CR", "San José", 9.93, -84.08),
    ("Instituto Nacional de Salud del Niño", "PE", "Lima", -12.05, -77.04),
    ("Fundación Valle del Lili", "CO", "Cali", 3.45, -76.53),
    ("Hospital Pediátrico Baca Ortiz", "EC", "Quito", -0.18, -78.47),
    ("Hospital Roberto del Río", "CL", "Santiago", -33.45, -70.67),
    ("Hôpital Principal de Dakar", "SN", "Dakar", 14.72, -17.47),
    ("Centre Hospitalier Universitaire Yalgado Ouédraogo", "BF", "Ouagadougou", 12.37, -1.52),
    ("Tikur Anbessa Specialized Hospital", "ET", "Addis Ababa", 9.03, 38.74),
    ("Kenyatta National Hospital", "KE", "Nairobi", -1.29, 36.82),
    ("Hôpital d'Enfants de Rabat", "MA", "Rabat", 34.02, -6.84),
    ("Children's Cancer Hospital Egypt 57357", "EG", "Cairo", 30.04, 31.24),
    ("King Hussein Cancer Center", "JO", "Amman", 31.95, 35.93),
    ("Sidra Medicine", "QA", "Doha", 25.29, 51.53),
    ("American University of Beirut Medical Center", "LB", "Beirut", 33.89, 35.5),
    ("Hospital Universitario La Paz", "ES", "Madrid", 40.42, -3.7),
    ("Hospital de Santa Maria", "PT", "Lisboa", 38.72, -9.14),
    ("Ospedale Pediatrico Bambino Gesù", "IT", "Roma", 41.9, 12.5),
    ("Hospital Pediátrico Juan Pablo II", "MX", "Guadalajara", 20.67, -103.35),
]

SPONSORS = [
    ("Fundación Pequeños Pacientes", Sponsor.Kind.FOUNDATION, "ES"),
    ("Global Child Health Scholarships", Sponsor.Kind.FOUNDATION, "GB"),
    ("Ministère de la Santé et de l'Action sociale", Sponsor.Kind.GOVERNMENT, "SN"),
    ("Paediatric Oncology Twinning Fund", Sponsor.Kind.FOUNDATION, "CH"),
]

# (email, full name, profession, specialty, partner index, country, language, roles)
PEOPLE = [
    (
        "coordinator@example.org",
        "Montserrat Puig i Ferrer",
        "other",
        "Training office",
        16,
        "ES",
        "ca",
        [Role.COORDINATOR],
    ),
    (
        "faculty@example.org",
        "Dr. Jordi Soler Vidal",
        "doctor",
        "Paediatric intensive care",
        16,
        "ES",
        "es",
        [Role.FACULTY],
    ),
    ("faculty2@example.org", "Dr. Amélie Nguyễn", "nurse", "Neonatal nursing", 18, "IT", "fr", [Role.FACULTY]),
    ("editor@example.org", "Laura Martín Gómez", "other", "Communications", 16, "ES", "en", [Role.EDITOR]),
    ("nurse@example.org", "María José Rodríguez Peña", "nurse", "Paediatric emergency", 0, "MX", "es", []),
    ("doctor@example.org", "Dr. Kwame Mensah-Bonsu", "doctor", "Paediatric oncology", 10, "KE", "en", []),
]

LEARNER_NAMES = [
    ("Ana Lucía Quispe Mamani", "nurse", "PE", "es"),
    ("فاطمة الزهراء بنعلي", "doctor", "MA", "fr"),
    ("王小明", "doctor", "ES", "en"),
    ("Алексей Петров", "doctor", "ES", "en"),
    ("ሰላም ተስፋዬ", "nurse", "ET", "en"),
    ("प्रिया शर्मा", "doctor", "QA", "en"),
    ("Aïssatou Diallo", "nurse", "SN", "fr"),
    ("Jean-Baptiste Ouédraogo", "doctor", "BF", "fr"),
    ("José Antonio Núñez", "doctor", "CO", "es"),
    ("Ngũgĩ wa Kamau", "nurse", "KE", "en"),
    ("أحمد محمود", "doctor", "EG", "en"),
    ("Núria Casals Roig", "nurse", "ES", "ca"),
    ("Sofía Benítez", "nurse", "AR", "es"),
    ("Lina Haddad", "doctor", "LB", "fr"),
    ("Mariana Araújo", "nurse", "PT", "en"),
]

_steps: list[Callable[..., None]] = []


def register_step(step: Callable[..., None]) -> None:
    """Domain apps add their demo content; steps run in registration order after the core."""
    if step not in _steps:
        _steps.append(step)


def learner_emails() -> list[str]:
    return [f"learner{n:02d}@example.org" for n in range(1, 41)]


def seed(*, password: str, log: Callable[[str], None]) -> dict[str, User]:
    groups = ensure_role_groups()
    # One hash for every demo account: hashing 46 times would make each `make run` slow.
    password_hash = make_password(password)
    partners = []
    for name, country, city, latitude, longitude in PARTNERS:
        institution, _ = Institution.objects.update_or_create(
            name=name,
            country=country,
            defaults={"city": city, "is_partner": True, "latitude": latitude, "longitude": longitude},
        )
        partners.append(institution)
    for name, kind, country in SPONSORS:
        Sponsor.objects.update_or_create(name=name, defaults={"kind": kind, "country": country})
    log(f"{len(partners)} partner institutions, {len(SPONSORS)} sponsors")

    people: dict[str, User] = {}
    for email, full_name, profession, specialty, partner, country, language, roles in PEOPLE:
        people[email] = _person(
            email, full_name, profession, specialty, partners[partner], country, language, password_hash
        )
        people[email].groups.set([groups[role] for role in roles])
    people["editor@example.org"].is_staff = True
    people["editor@example.org"].save(update_fields=["is_staff"])
    for n, email in enumerate(learner_emails()):
        full_name, profession, country, language = LEARNER_NAMES[n % len(LEARNER_NAMES)]
        if n >= len(LEARNER_NAMES):
            full_name = f"{full_name} {n + 1}"
        partner = next((p for p in partners if p.country.code == country), partners[n % len(partners)])
        people[email] = _person(email, full_name, profession, "", partner, country, language, password_hash)
    log(f"{len(people)} demo accounts, password from DEMO_PASSWORD")
    for step in _steps:
        step(people=people, log=log)
    return people


def _person(email, full_name, profession, specialty, institution, country, language, password_hash) -> User:
    user, created = User.objects.get_or_create(email=email)
    user.full_name = full_name
    user.profession = profession
    user.specialty = specialty
    user.institution = institution
    user.country = country
    user.preferred_language = language
    user.password = password_hash
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
