"""The demo's catalogue data in Spanish, French and Catalan: simulation scenarios (title,
discipline, objectives, equipment, checklist), rooms and intake names. These are model fields
with a column per language (django-modeltranslation), filled here for rows whose English
wording matches and whose translation is still blank, so a coordinator's own edits are kept."""

from collections.abc import Callable

from django.db.models import Q

from fellowships.models import Intake
from simulation.models import ChecklistItem, Room, Scenario

# English wording -> (Spanish, French, Catalan), per model and field.
CATALOGUE: dict[tuple[type, str], dict[str, tuple[str, str, str]]] = {
    (Scenario, "title"): {
        "Neonatal resuscitation: the non-breathing newborn": (
            "Reanimación neonatal: el recién nacido que no respira",
            "Réanimation néonatale : le nouveau-né qui ne respire pas",
            "Reanimació neonatal: el nounat que no respira",
        ),
        "Recognising paediatric sepsis on the ward": (
            "Reconocer la sepsis pediátrica en planta",
            "Reconnaître le sepsis pédiatrique en service",
            "Reconèixer la sèpsia pediàtrica a planta",
        ),
        "The difficult airway in a child": (
            "La vía aérea difícil en el niño",
            "Les voies aériennes difficiles chez l'enfant",
            "La via aèria difícil en l'infant",
        ),
        "Paediatric cardiac arrest: team megacode": (
            "Parada cardíaca pediátrica: megacode en equipo",
            "Arrêt cardiaque pédiatrique : mégacode en équipe",
            "Aturada cardíaca pediàtrica: megacode en equip",
        ),
    },
    (Scenario, "discipline"): {
        "Neonatal resuscitation": ("Reanimación neonatal", "Réanimation néonatale", "Reanimació neonatal"),
        "Paediatric sepsis": ("Sepsis pediátrica", "Sepsis pédiatrique", "Sèpsia pediàtrica"),
        "Difficult airway": ("Vía aérea difícil", "Voies aériennes difficiles", "Via aèria difícil"),
        "Paediatric resuscitation": ("Reanimación pediátrica", "Réanimation pédiatrique", "Reanimació pediàtrica"),
    },
    (Scenario, "learning_objectives"): {
        "Dry, stimulate and assess a term newborn who does not breathe.\n"
        "Open the airway and give five inflation breaths, then ventilation breaths.\n"
        "Recognise when to start chest compressions (3:1) and call for help early.": (
            "Secar, estimular y valorar a un recién nacido a término que no respira.\n"
            "Abrir la vía aérea y dar cinco insuflaciones, después ventilaciones.\n"
            "Reconocer cuándo iniciar las compresiones torácicas (3:1) y pedir ayuda pronto.",
            "Sécher, stimuler et évaluer un nouveau-né à terme qui ne respire pas.\n"
            "Libérer les voies aériennes et donner cinq insufflations, puis des ventilations.\n"
            "Reconnaître quand commencer les compressions thoraciques (3:1) et appeler à l'aide tôt.",
            "Eixugar, estimular i valorar un nounat a terme que no respira.\n"
            "Obrir la via aèria i fer cinc insuflacions, després ventilacions.\n"
            "Reconèixer quan cal començar les compressions toràciques (3:1) i demanar ajuda aviat.",
        ),
        "Recognise the early signs of sepsis in a child and escalate.\n"
        "Deliver the first hour of treatment: oxygen, access, cultures, antibiotics, fluids.": (
            "Reconocer los signos precoces de sepsis en un niño y escalar.\n"
            "Aplicar la primera hora de tratamiento: oxígeno, acceso, cultivos, antibióticos, fluidos.",
            "Reconnaître les signes précoces du sepsis chez l'enfant et alerter.\n"
            "Assurer la première heure de traitement : oxygène, abord, cultures, antibiotiques, remplissage.",
            "Reconèixer els signes precoços de sèpsia en un infant i escalar.\n"
            "Aplicar la primera hora de tractament: oxigen, accés, cultius, antibiòtics, fluids.",
        ),
        "Plan for a difficult paediatric intubation and follow the airway algorithm.\n"
        "Move to a supraglottic airway and front-of-neck access when needed.": (
            "Planificar una intubación pediátrica difícil y seguir el algoritmo de vía aérea.\n"
            "Pasar a un dispositivo supraglótico y al acceso cervical anterior cuando haga falta.",
            "Préparer une intubation pédiatrique difficile et suivre l'algorithme des voies aériennes.\n"
            "Passer à un dispositif supraglottique et à l'abord cervical antérieur si nécessaire.",
            "Planificar una intubació pediàtrica difícil i seguir l'algorisme de via aèria.\n"
            "Passar a un dispositiu supraglòtic i a l'accés cervical anterior quan calgui.",
        ),
        "Run high-quality CPR as a team and follow the paediatric ALS algorithm.": (
            "Realizar una RCP de alta calidad en equipo y seguir el algoritmo de SVA pediátrico.",
            "Pratiquer une RCP de haute qualité en équipe et suivre l'algorithme de RCP avancée pédiatrique.",
            "Fer una RCP d'alta qualitat en equip i seguir l'algorisme de SVA pediàtric.",
        ),
    },
    (Scenario, "equipment"): {
        "Newborn manikin (high fidelity), resuscitaire, T-piece and masks size 0/1, pulse oximeter": (
            "Maniquí neonatal (alta fidelidad), cuna térmica, pieza en T y mascarillas 0/1, pulsioxímetro",
            "Mannequin nouveau-né (haute fidélité), table de réanimation, pièce en T et masques 0/1, oxymètre",
            "Maniquí neonatal (alta fidelitat), bressol tèrmic, peça en T i mascaretes 0/1, pulsioxímetre",
        ),
        "Child manikin, monitor simulator, infusion pump, sepsis bundle trolley": (
            "Maniquí infantil, simulador de monitor, bomba de infusión, carro del paquete de sepsis",
            "Mannequin enfant, simulateur de moniteur, pompe à perfusion, chariot sepsis",
            "Maniquí infantil, simulador de monitor, bomba d'infusió, carro del paquet de sèpsia",
        ),
        "Paediatric airway trainer, video laryngoscope, supraglottic airways, cricothyroidotomy kit": (
            "Entrenador de vía aérea pediátrica, videolaringoscopio, dispositivos supraglóticos, "
            "kit de cricotiroidotomía",
            "Simulateur de voies aériennes pédiatriques, vidéolaryngoscope, dispositifs supraglottiques, "
            "kit de cricothyroïdotomie",
            "Entrenador de via aèria pediàtrica, videolaringoscopi, dispositius supraglòtics, kit de cricotiroïdotomia",
        ),
        "Child CPR manikin with feedback, defibrillator trainer, drug trolley": (
            "Maniquí de RCP infantil con retroalimentación, desfibrilador de entrenamiento, carro de medicación",
            "Mannequin de RCP enfant avec retour, défibrillateur d'entraînement, chariot de médicaments",
            "Maniquí de RCP infantil amb retroacció, desfibril·lador d'entrenament, carro de medicació",
        ),
    },
    (ChecklistItem, "text"): {
        "Calls for help and starts the clock": (
            "Pide ayuda y pone en marcha el reloj",
            "Appelle à l'aide et lance le chronomètre",
            "Demana ajuda i posa en marxa el rellotge",
        ),
        "Dries, stimulates and keeps the baby warm": (
            "Seca, estimula y mantiene al bebé caliente",
            "Sèche, stimule et garde le bébé au chaud",
            "Eixuga, estimula i manté el nadó calent",
        ),
        "Opens the airway in the neutral position": (
            "Abre la vía aérea en posición neutra",
            "Libère les voies aériennes en position neutre",
            "Obre la via aèria en posició neutra",
        ),
        "Gives five inflation breaths, watching the chest": (
            "Da cinco insuflaciones observando el tórax",
            "Donne cinq insufflations en observant le thorax",
            "Fa cinc insuflacions observant el tòrax",
        ),
        "Reassesses heart rate after inflation breaths": (
            "Revalora la frecuencia cardíaca tras las insuflaciones",
            "Réévalue la fréquence cardiaque après les insufflations",
            "Revalora la freqüència cardíaca després de les insuflacions",
        ),
        "Starts 3:1 compressions when heart rate stays under 60": (
            "Inicia compresiones 3:1 si la frecuencia sigue por debajo de 60",
            "Commence les compressions 3:1 si la fréquence reste sous 60",
            "Inicia compressions 3:1 si la freqüència es manté per sota de 60",
        ),
        "Communicates clearly with the team (closed loop)": (
            "Se comunica con claridad con el equipo (circuito cerrado)",
            "Communique clairement avec l'équipe (boucle fermée)",
            "Es comunica amb claredat amb l'equip (circuit tancat)",
        ),
        "Recognises abnormal vital signs using the PEWS chart": (
            "Reconoce constantes vitales anormales con la escala PEWS",
            "Reconnaît les signes vitaux anormaux avec le score PEWS",
            "Reconeix constants vitals anormals amb l'escala PEWS",
        ),
        "Escalates to the senior doctor with SBAR": (
            "Escala al médico sénior con SBAR",
            "Alerte le médecin senior avec SBAR",
            "Escala al metge sènior amb SBAR",
        ),
        "Gives high-flow oxygen": (
            "Administra oxígeno a alto flujo",
            "Donne de l'oxygène à haut débit",
            "Administra oxigen a alt flux",
        ),
        "Obtains IV or IO access within five minutes": (
            "Obtiene un acceso IV o IO en cinco minutos",
            "Obtient un abord IV ou IO en cinq minutes",
            "Obté un accés IV o IO en cinc minuts",
        ),
        "Takes blood cultures before antibiotics": (
            "Extrae hemocultivos antes de los antibióticos",
            "Prélève des hémocultures avant les antibiotiques",
            "Extreu hemocultius abans dels antibiòtics",
        ),
        "Gives antibiotics within the first hour": (
            "Administra antibióticos en la primera hora",
            "Donne les antibiotiques dans la première heure",
            "Administra antibiòtics en la primera hora",
        ),
        "Gives a fluid bolus and reassesses": (
            "Administra un bolo de líquidos y revalora",
            "Donne un bolus de remplissage et réévalue",
            "Administra un bol de líquids i revalora",
        ),
        "Prepares and verbalises plan A, B and C": (
            "Prepara y verbaliza los planes A, B y C",
            "Prépare et énonce les plans A, B et C",
            "Prepara i verbalitza els plans A, B i C",
        ),
        "Preoxygenates properly": ("Preoxigena correctamente", "Préoxygène correctement", "Preoxigena correctament"),
        "Limits intubation attempts and keeps oxygenating": (
            "Limita los intentos de intubación y mantiene la oxigenación",
            "Limite les tentatives d'intubation et maintient l'oxygénation",
            "Limita els intents d'intubació i manté l'oxigenació",
        ),
        "Inserts a supraglottic airway when intubation fails": (
            "Coloca un dispositivo supraglótico si la intubación falla",
            "Pose un dispositif supraglottique si l'intubation échoue",
            "Col·loca un dispositiu supraglòtic si la intubació falla",
        ),
        "Declares 'cannot intubate, cannot oxygenate' in time": (
            "Declara a tiempo «no se puede intubar, no se puede oxigenar»",
            "Déclare à temps « impossible d'intuber, impossible d'oxygéner »",
            "Declara a temps «no es pot intubar, no es pot oxigenar»",
        ),
        "Starts compressions within ten seconds": (
            "Inicia las compresiones en diez segundos",
            "Commence les compressions en dix secondes",
            "Inicia les compressions en deu segons",
        ),
        "Compressions at the right depth and rate": (
            "Compresiones con la profundidad y la frecuencia adecuadas",
            "Compressions à la bonne profondeur et au bon rythme",
            "Compressions amb la profunditat i la freqüència adequades",
        ),
        "Attaches the defibrillator and identifies the rhythm": (
            "Conecta el desfibrilador e identifica el ritmo",
            "Branche le défibrillateur et identifie le rythme",
            "Connecta el desfibril·lador i identifica el ritme",
        ),
        "Gives adrenaline at the right dose and time": (
            "Administra adrenalina a la dosis y en el momento adecuados",
            "Donne l'adrénaline à la bonne dose et au bon moment",
            "Administra adrenalina a la dosi i en el moment adequats",
        ),
        "Swaps compressors every two minutes": (
            "Cambia de reanimador cada dos minutos",
            "Change de masseur toutes les deux minutes",
            "Canvia de reanimador cada dos minuts",
        ),
    },
    (Room, "name"): {
        "Sim lab A: neonatal suite": (
            "Laboratorio de simulación A: sala neonatal",
            "Salle de simulation A : unité néonatale",
            "Laboratori de simulació A: sala neonatal",
        ),
        "Sim lab B: paediatric ICU bay": (
            "Laboratorio de simulación B: box de UCI pediátrica",
            "Salle de simulation B : box de réanimation pédiatrique",
            "Laboratori de simulació B: box d'UCI pediàtrica",
        ),
        "Skills room 3": ("Sala de habilidades 3", "Salle de compétences 3", "Sala d'habilitats 3"),
    },
    (Room, "equipment"): {
        "Resuscitaire, newborn manikins, T-piece": (
            "Cuna térmica, maniquíes neonatales, pieza en T",
            "Table de réanimation, mannequins nouveau-nés, pièce en T",
            "Bressol tèrmic, maniquins neonatals, peça en T",
        ),
        "Child manikins, monitor simulator, defibrillator trainer": (
            "Maniquíes infantiles, simulador de monitor, desfibrilador de entrenamiento",
            "Mannequins enfants, simulateur de moniteur, défibrillateur d'entraînement",
            "Maniquins infantils, simulador de monitor, desfibril·lador d'entrenament",
        ),
        "Airway trainers, CPR manikins": (
            "Entrenadores de vía aérea, maniquíes de RCP",
            "Simulateurs de voies aériennes, mannequins de RCP",
            "Entrenadors de via aèria, maniquins de RCP",
        ),
    },
    (Intake, "title"): {
        "2027 intake": ("Convocatoria 2027", "Session 2027", "Convocatòria 2027"),
        "Autumn 2026": ("Otoño 2026", "Automne 2026", "Tardor 2026"),
    },
}

LANGUAGES = ("es", "fr", "ca")


def translate_catalogue(*, log: Callable[[str], None]) -> None:
    filled = 0
    for (model, field), wordings in CATALOGUE.items():
        for english, translations in wordings.items():
            for code, wording in zip(LANGUAGES, translations, strict=True):
                column = f"{field}_{code}"
                blank = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
                filled += model.objects.filter(blank, **{f"{field}_en": english}).update(**{column: wording})
    log(f"{filled} catalogue wordings translated (scenarios, checklists, rooms, intakes)")
