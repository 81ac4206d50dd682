"""Demo simulation training: a scenario library, rooms, two past sessions with attendance and
assessments (so certificates exist), and upcoming sessions, one full with a waitlist.

Past sessions cannot be booked through `services.book` (it refuses sessions that have started),
so their bookings are written directly, as history; everything after that goes through services.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from certificates.credit import CreditSystem
from certificates.demo import NATIONAL_BODY

from . import services
from .models import Audience, Booking, ChecklistItem, ItemRating, Room, Scenario, ScenarioCredit, Session

SCENARIOS = [
    {
        "title": "Neonatal resuscitation: the non-breathing newborn",
        "discipline": "Neonatal resuscitation",
        "audience": Audience.INTERPROFESSIONAL,
        "learning_objectives": "Dry, stimulate and assess a term newborn who does not breathe.\n"
        "Open the airway and give five inflation breaths, then ventilation breaths.\n"
        "Recognise when to start chest compressions (3:1) and call for help early.",
        "duration_minutes": 120,
        "equipment": "Newborn manikin (high fidelity), resuscitaire, T-piece and masks size 0/1, pulse oximeter",
        "hours": Decimal("2.0"),
        "validity_months": 24,
        "checklist": [
            ("Calls for help and starts the clock", 1, False),
            ("Dries, stimulates and keeps the baby warm", 1, False),
            ("Opens the airway in the neutral position", 2, True),
            ("Gives five inflation breaths, watching the chest", 2, True),
            ("Reassesses heart rate after inflation breaths", 2, False),
            ("Starts 3:1 compressions when heart rate stays under 60", 2, True),
            ("Communicates clearly with the team (closed loop)", 1, False),
        ],
    },
    {
        "title": "Recognising paediatric sepsis on the ward",
        "discipline": "Paediatric sepsis",
        "audience": Audience.INTERPROFESSIONAL,
        "learning_objectives": "Recognise the early signs of sepsis in a child and escalate.\n"
        "Deliver the first hour of treatment: oxygen, access, cultures, antibiotics, fluids.",
        "duration_minutes": 90,
        "equipment": "Child manikin, monitor simulator, infusion pump, sepsis bundle trolley",
        "hours": Decimal("1.5"),
        "validity_months": None,
        "checklist": [
            ("Recognises abnormal vital signs using the PEWS chart", 2, True),
            ("Escalates to the senior doctor with SBAR", 2, False),
            ("Gives high-flow oxygen", 1, False),
            ("Obtains IV or IO access within five minutes", 1, False),
            ("Takes blood cultures before antibiotics", 1, False),
            ("Gives antibiotics within the first hour", 2, True),
            ("Gives a fluid bolus and reassesses", 1, False),
        ],
    },
    {
        "title": "The difficult airway in a child",
        "discipline": "Difficult airway",
        "audience": Audience.DOCTORS,
        "learning_objectives": "Plan for a difficult paediatric intubation and follow the airway algorithm.\n"
        "Move to a supraglottic airway and front-of-neck access when needed.",
        "duration_minutes": 120,
        "equipment": "Paediatric airway trainer, video laryngoscope, supraglottic airways, cricothyroidotomy kit",
        "hours": Decimal("2.0"),
        "validity_months": None,
        "checklist": [
            ("Prepares and verbalises plan A, B and C", 2, False),
            ("Preoxygenates properly", 1, False),
            ("Limits intubation attempts and keeps oxygenating", 2, True),
            ("Inserts a supraglottic airway when intubation fails", 2, False),
            ("Declares 'cannot intubate, cannot oxygenate' in time", 2, True),
        ],
    },
    {
        "title": "Paediatric cardiac arrest: team megacode",
        "discipline": "Paediatric resuscitation",
        "audience": Audience.NURSES,
        "learning_objectives": "Run high-quality CPR as a team and follow the paediatric ALS algorithm.",
        "duration_minutes": 90,
        "equipment": "Child CPR manikin with feedback, defibrillator trainer, drug trolley",
        "hours": Decimal("1.5"),
        "validity_months": 24,
        "checklist": [
            ("Starts compressions within ten seconds", 2, True),
            ("Compressions at the right depth and rate", 2, False),
            ("Attaches the defibrillator and identifies the rhythm", 1, False),
            ("Gives adrenaline at the right dose and time", 1, False),
            ("Swaps compressors every two minutes", 1, False),
        ],
    },
]

ROOMS = [
    ("Sim lab A: neonatal suite", 8, "Resuscitaire, newborn manikins, T-piece"),
    ("Sim lab B: paediatric ICU bay", 12, "Child manikins, monitor simulator, defibrillator trainer"),
    ("Skills room 3", 16, "Airway trainers, CPR manikins"),
]


def _scenario(spec: dict) -> Scenario:
    fields = {k: v for k, v in spec.items() if k not in ("title", "checklist")}
    scenario, created = Scenario.objects.get_or_create(title=spec["title"], defaults=fields)
    if created:
        ScenarioCredit.objects.create(
            scenario=scenario, system=CreditSystem.CPD_HOURS, amount=scenario.hours, accrediting_body=NATIONAL_BODY
        )
        for order, (text, weight, critical) in enumerate(spec["checklist"]):
            ChecklistItem.objects.create(
                scenario=scenario, sort_order=order, text=text, weight=weight, critical=critical
            )
    return scenario


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed_simulation(*, people: dict, log: Callable[[str], None]) -> None:
    scenarios = [_scenario(spec) for spec in SCENARIOS]
    rooms = [
        Room.objects.get_or_create(name=name, defaults={"capacity": capacity, "equipment": equipment})[0]
        for name, capacity, equipment in ROOMS
    ]
    if Session.objects.exists():
        log(f"{Session.objects.count()} simulation sessions (kept)")
        return
    coordinator = people["coordinator@example.org"]
    faculty = people["faculty@example.org"]
    faculty2 = people["faculty2@example.org"]
    learners = [people[f"learner{n:02d}@example.org"] for n in range(1, 41)]
    nurse, doctor = people["nurse@example.org"], people["doctor@example.org"]

    def schedule(scenario, room, days, hour, places, facilitators):
        minutes = scenario.duration_minutes
        starts = _at(days, hour)
        return services.schedule_session(
            actor=coordinator,
            scenario=scenario,
            room=room,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=minutes),
            places=places,
            facilitators=facilitators,
        )

    neonatal, sepsis, airway, megacode = scenarios
    lab_a, lab_b, skills = rooms

    # Two past sessions, with attendance and assessments: passes get certificates. The demo
    # plays their past: people book while the session is still ahead (through the service, as
    # they would), then the fixture moves its dates back to when it took place.
    for scenario, room, days, participants in (
        (neonatal, lab_a, -21, [nurse, *learners[:6]]),
        (megacode, lab_b, -9, learners[6:16]),
    ):
        session = schedule(scenario, room, 400 + days, 9, room.capacity, [faculty])
        bookings = [services.book(actor=person, session=session) for person in participants]
        starts = _at(days, 9)
        Session.objects.filter(pk=session.pk).update(
            starts_at=starts, ends_at=starts + datetime.timedelta(minutes=scenario.duration_minutes)
        )
        items = list(scenario.checklist.all())
        for index, booking in enumerate(bookings):
            attended = index != len(participants) - 1  # the last one did not come
            services.mark_attendance(actor=faculty, booking=booking, attended=attended)
            if not attended:
                continue
            missed_critical = index == 2  # one misses a critical step and is not yet competent
            ratings = {
                item.pk: ItemRating.Rating.NOT_DONE if (missed_critical and item.critical) else ItemRating.Rating.DONE
                for item in items
            }
            if index == 1:
                ratings[items[-1].pk] = ItemRating.Rating.PARTLY
            services.assess(
                actor=faculty,
                booking=booking,
                ratings=ratings,
                feedback="Clear leadership and good airway skills."
                if not missed_critical
                else "Review the algorithm: the critical step was missed. Please book again.",
            )
        services.write_debrief(
            actor=faculty, session=session, notes="Good team work; practise closed-loop communication."
        )

    # Upcoming sessions; the first is full with a waitlist.
    full = schedule(neonatal, lab_a, 4, 9, 6, [faculty])
    for person in learners[16:24]:
        services.book(actor=person, session=full)
    sepsis_session = schedule(sepsis, lab_b, 6, 14, 10, [faculty, faculty2])
    for person in [doctor, *learners[24:28]]:
        services.book(actor=person, session=sepsis_session)
    schedule(airway, skills, 11, 9, 8, [faculty2])
    schedule(megacode, lab_b, 13, 9, 12, [faculty2])
    schedule(neonatal, lab_a, 25, 14, 8, [faculty])
    log(f"{Session.objects.count()} simulation sessions, {Booking.objects.count()} bookings")
