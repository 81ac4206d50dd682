"""A corpus for the de-identification screen (live/deidentify.py).

Case snippets as clinicians present them at tele-mentoring sessions, in English, Spanish, French and
Catalan: the first part WITH identifiers (each listed in ``expected`` as its kind and exact substring), the
second part WITHOUT any, but dense with what must not be flagged (doses, lab values, protocols, staging,
gene names, ages, cycle and day notation, years, months, times, eponyms). Every name, number and address in
it is invented.

``figures()`` runs the screen over the corpus and counts what it caught, missed and raised in vain.
"""

from __future__ import annotations

from dataclasses import dataclass

from live.deidentify import Hit, Kind, screen

NAME = Kind.NAME
DOB = Kind.DATE_OF_BIRTH
DATE = Kind.DATE
RECORD = Kind.RECORD_NUMBER
PHONE = Kind.PHONE
EMAIL = Kind.EMAIL
ADDRESS = Kind.ADDRESS


@dataclass(frozen=True)
class Case:
    text: str
    names: tuple[str, ...]
    expected: tuple[tuple[Kind, str], ...]


CASES: list[Case] = [
    # --- With identifiers: English ---------------------------------------------------------------------
    Case(
        "Mrs Mukamana brought her daughter, DOB 12/03/2019, to the oncology clinic. MRN: 4452187.",
        (),
        ((NAME, "Mukamana"), (DOB, "12/03/2019"), (RECORD, "4452187")),
    ),
    Case(
        "Aline Uwase, a 6-year-old girl from Huye, presented with an abdominal mass; ultrasound suggested Wilms "
        "tumour. The family lives near KG 11 Ave and the mother is reachable on +250 788 123 456.",
        ("Aline Uwase",),
        ((NAME, "Aline Uwase"), (ADDRESS, "KG 11 Ave"), (PHONE, "+250 788 123 456")),
    ),
    Case(
        "Neonate born on 2024-01-17 at 29 weeks, birth weight 1150 g. Parents: Jean Habimana and Claudine "
        "Ishimwe, both present at the bedside.",
        ("Jean Habimana", "Claudine Ishimwe"),
        ((DOB, "2024-01-17"), (NAME, "Jean Habimana"), (NAME, "Claudine Ishimwe")),
    ),
    Case(
        "Referred by Dr. Nsengiyumva from the district hospital on 3 February 2024 with fever and neutropenia "
        "(ANC 0.3 x 10^9/L).",
        (),
        ((NAME, "Nsengiyumva"), (DATE, "3 February 2024")),
    ),
    Case(
        "Please contact the family at (555) 123-4567 or write to parents.kowalski@example.com before the next session.",
        ("Kowalski",),
        ((PHONE, "(555) 123-4567"), (EMAIL, "parents.kowalski@example.com")),
    ),
    Case(
        "Home address: 42 Maple Street, Springfield. Hospital number 00923817. Mr Okafor works nights and "
        "visits in the mornings.",
        (),
        ((ADDRESS, "42 Maple Street"), (RECORD, "00923817"), (NAME, "Okafor")),
    ),
    Case(
        "Patient named Grace Achieng, 14 months, admitted 05/06/2023 with AML M7; NHS number 943 476 5919.",
        (),
        ((NAME, "Grace Achieng"), (DATE, "05/06/2023"), (RECORD, "943 476 5919")),
    ),
    Case(
        "The baby's mother, Fatima Al-Hassan (فاطمة الحسن), asked that we call her on +44 7700 900123 after "
        "the ward round.",
        ("Fatima Al-Hassan", "فاطمة الحسن"),
        ((NAME, "Fatima Al-Hassan"), (NAME, "فاطمة الحسن"), (PHONE, "+44 7700 900123")),
    ),
    Case(
        "Followed at the satellite clinic; the address on file is 17 Albert Road, Kampala, and the uncle "
        "accompanies him.",
        (),
        ((ADDRESS, "17 Albert Road"),),
    ),
    Case(
        "Twins born 30/11/2022 at 34 weeks: twin A (Kateryna) and twin B (Oleksandr); mother Олена Коваленко, "
        "phone 067 123 4567.",
        ("Kateryna", "Oleksandr", "Олена Коваленко"),
        (
            (DOB, "30/11/2022"),
            (NAME, "Kateryna"),
            (NAME, "Oleksandr"),
            (NAME, "Олена Коваленко"),
            (PHONE, "067 123 4567"),
        ),
    ),
    Case(
        "Case from our partner site: 患儿王小明，男，5岁，ALL复发。 Family contact wang.family@163.com.",
        ("王小明",),
        ((NAME, "王小明"), (EMAIL, "wang.family@163.com")),
    ),
    Case(
        "Presenter from Addis Ababa: patient አበበ ከበደ, 9 years, osteosarcoma of the left femur, admitted "
        "12 Jan 2024 for limb salvage surgery.",
        ("አበበ ከበደ",),
        ((NAME, "አበበ ከበደ"), (DATE, "12 Jan 2024")),
    ),
    Case(
        "Passport PA4419032 was used for the cross-border referral; DOB: March 2019, so she is now 5 years old.",
        (),
        ((RECORD, "PA4419032"), (DOB, "March 2019")),
    ),
    Case(
        "Nurse Uwimana documented the central line care on 21/08/2023; the ward can be reached on +250 252 575 555.",
        (),
        ((NAME, "Uwimana"), (DATE, "21/08/2023"), (PHONE, "+250 252 575 555")),
    ),
    Case(
        "Follow-up call with Mr Ivanov (Дмитрий Иванов) is booked; his son's DOB is 07/07/2015 and his SSN "
        "123-45-6789.",
        ("Дмитрий Иванов",),
        ((NAME, "Ivanov"), (NAME, "Дмитрий Иванов"), (DOB, "07/07/2015"), (RECORD, "123-45-6789")),
    ),
    Case(
        "Bed 4: infant of Ms Chen, contact 0412 345 678, address 8 Harbour View Road; transfer planned.",
        (),
        ((NAME, "Chen"), (PHONE, "0412 345 678"), (ADDRESS, "8 Harbour View Road")),
    ),
    Case(
        "Specimen 88234417 was sent to the reference laboratory for flow cytometry on March 4, 2024.",
        (),
        ((RECORD, "88234417"), (DATE, "March 4, 2024")),
    ),
    # --- With identifiers: Spanish ---------------------------------------------------------------------
    Case(
        "La Sra. García López, madre del paciente, refiere que el niño nació el 3 de marzo de 2018 en su domicilio.",
        (),
        ((NAME, "García López"), (DOB, "3 de marzo de 2018")),
    ),
    Case(
        "Paciente: Lucía Fernández Ruiz, NHC 12345678, ingresa el 14/02/2024 por fiebre y neutropenia.",
        ("Lucia Fernandez Ruiz",),
        ((NAME, "Lucía Fernández Ruiz"), (RECORD, "12345678"), (DATE, "14/02/2024")),
    ),
    Case(
        "Domicilio: Calle Mayor 5, 3º 2ª, 28013 Madrid. Teléfono de contacto: 612 34 56 78.",
        (),
        ((ADDRESS, "Calle Mayor 5, 3º 2ª, 28013 Madrid"), (PHONE, "612 34 56 78")),
    ),
    Case(
        "Niño de 4 años con neuroblastoma estadio M; madre con DNI 12345678Z; correo madre.perez@gmail.com.",
        (),
        ((RECORD, "12345678Z"), (EMAIL, "madre.perez@gmail.com")),
    ),
    Case(
        "Recién nacido de 28 semanas, fecha de nacimiento 02/01/2024, peso 980 g; la Dra. Ramírez solicita "
        "valoración por cirugía.",
        (),
        ((DOB, "02/01/2024"), (NAME, "Ramírez")),
    ),
    Case(
        "El bebé Mateo ingresó en la UCIN; historia clínica nº 4587123; contacto del padre: +34 655 123 456.",
        (),
        ((NAME, "Mateo"), (RECORD, "4587123"), (PHONE, "+34 655 123 456")),
    ),
    Case(
        "Derivado desde el hospital de Passeig Sant Joan de Déu 2, 08950 Esplugues; pasaporte X1234567.",
        (),
        ((ADDRESS, "Passeig Sant Joan de Déu 2, 08950 Esplugues"), (RECORD, "X1234567")),
    ),
    Case(
        "Paciente de origen marroquí, Youssef El Amrani (يوسف العمراني), 11 años, LLA tipo B; revisión el 15 de "
        "enero de 2024.",
        ("Youssef El Amrani", "يوسف العمراني"),
        ((NAME, "Youssef El Amrani"), (NAME, "يوسف العمراني"), (DATE, "15 de enero de 2024")),
    ),
    Case(
        "Correo del oncólogo: dr.martinez@hospital.es; la Sra. Mukantwari vive en Avenida de América 12, 28028 Madrid.",
        (),
        ((EMAIL, "dr.martinez@hospital.es"), (NAME, "Mukantwari"), (ADDRESS, "Avenida de América 12, 28028 Madrid")),
    ),
    Case(
        "Ana, de 8 años, presenta anemia grave (Hb 5,1 g/dL); en la anamnesis la madre refiere una dieta de "
        "banana y arroz.",
        ("Ana Torres",),
        ((NAME, "Ana"),),
    ),
    # --- With identifiers: French ----------------------------------------------------------------------
    Case(
        "M. Dupont, père de l'enfant, signale que Lucas est né le 1er mars 2017 à la maternité.",
        ("Lucas Dupont",),
        ((NAME, "Dupont"), (NAME, "Lucas"), (DOB, "1er mars 2017")),
    ),
    Case(
        "Dossier n° 2024-00123 : patiente de 3 ans, rétinoblastome bilatéral, adressée le 12/09/2023 par le "
        "Dr Lefèvre.",
        (),
        ((RECORD, "2024-00123"), (DATE, "12/09/2023"), (NAME, "Lefèvre")),
    ),
    Case(
        "Contact : Mme Nadia Benali, 06 12 34 56 78, nadia.benali@orange.fr, 12 rue de la Paix, 75002 Paris.",
        ("Nadia Benali",),
        (
            (NAME, "Nadia Benali"),
            (PHONE, "06 12 34 56 78"),
            (EMAIL, "nadia.benali@orange.fr"),
            (ADDRESS, "12 rue de la Paix, 75002 Paris"),
        ),
    ),
    Case(
        "Nouveau-né, date de naissance : 05/04/2024, IPP 8812345, mère joignable au 01 45 67 89 10.",
        (),
        ((DOB, "05/04/2024"), (RECORD, "8812345"), (PHONE, "01 45 67 89 10")),
    ),
    Case(
        "Enfant suivi pour une LAL ; Mlle Amélie Rousseau, infirmière de coordination, au 07 88 99 11 22 ; "
        "hospitalisé du 3 au 10 janvier 2024.",
        (),
        ((NAME, "Amélie Rousseau"), (PHONE, "07 88 99 11 22"), (DATE, "10 janvier 2024")),
    ),
    Case(
        "Présentation du CHUK : l'enfant Niyonsaba Eric, 7 ans, lymphome de Burkitt ; NSS 1 85 05 78 006 084 36.",
        ("Niyonsaba Eric",),
        ((NAME, "Niyonsaba Eric"), (RECORD, "1 85 05 78 006 084 36")),
    ),
    # --- With identifiers: Catalan ---------------------------------------------------------------------
    Case(
        "El Sr Puig, pare de la nena, explica que la Laia va néixer el 4 de maig de 2020 a l'Hospital de Sant Pau.",
        ("Laia Puig",),
        ((NAME, "Puig"), (NAME, "Laia"), (DOB, "4 de maig de 2020")),
    ),
    Case(
        "Data de naixement: 23/07/2019. Número d'història 88123456. Telèfon 932 53 21 00.",
        (),
        ((DOB, "23/07/2019"), (RECORD, "88123456"), (PHONE, "932 53 21 00")),
    ),
    Case(
        "Domicili: Carrer de Mallorca 401, 08013 Barcelona; correu de la mare: montse.vila@gmail.com.",
        (),
        ((ADDRESS, "Carrer de Mallorca 401, 08013 Barcelona"), (EMAIL, "montse.vila@gmail.com")),
    ),
    Case(
        "La pacient Núria Soler Vidal, de 15 anys, amb sarcoma d'Ewing, va ingressar el 2 de gener de 2024; "
        "CIP SOVI1080512003.",
        ("Nuria Soler Vidal",),
        ((NAME, "Núria Soler Vidal"), (DATE, "2 de gener de 2024"), (RECORD, "SOVI1080512003")),
    ),
    Case(
        "Nadó de 30 setmanes; la infermera Mukamana Diane (tel. 0788 123 456) coordina l'alta des de la Plaça de "
        "Catalunya 1, 08002 Barcelona.",
        (),
        (
            (NAME, "Mukamana Diane"),
            (PHONE, "0788 123 456"),
            (ADDRESS, "Plaça de Catalunya 1, 08002 Barcelona"),
        ),
    ),
    Case(
        "Cas presentat per l'equip de Girona: nen d'origen xinès, 李明 (Li Ming), nascut el 9 de setembre de 2021.",
        ("李明", "Li Ming"),
        ((NAME, "李明"), (NAME, "Li Ming"), (DOB, "9 de setembre de 2021")),
    ),
    # --- Without identifiers: English ------------------------------------------------------------------
    Case(
        "4-year-old boy with high-risk ALL on AIEOP-BFM ALL 2017; day 8 of cycle 2, ANC 0.4 x 10^9/L, "
        "Hb 7.2 g/dL, platelets 120 x 10^9/L.",
        (),
        (),
    ),
    Case(
        "Vincristine 1.5 mg/m2 (max 2 mg), dexamethasone 6 mg/m2/day, methotrexate 12 mg intrathecal on day 1 "
        "and day 15.",
        (),
        (),
    ),
    Case(
        "WBC 45,000/µL at diagnosis, blasts 82%, CNS 1, BCR-ABL1 negative, ETV6-RUNX1 positive, MYCN not amplified.",
        (),
        (),
    ),
    Case(
        "Wilms tumour stage III, SIOP 2001 protocol, 4 weeks of preoperative AV; BP 110/70, creatinine 0.6 mg/dL.",
        (),
        (),
    ),
    Case(
        "Burkitt lymphoma (C83.7), LDH 1200 U/L, treated in 2023 with R-COPADM; relapse in March 2024, now D+14 "
        "after autologous transplant.",
        (),
        (),
    ),
    Case(
        "Hodgkin lymphoma stage IIA on EuroNet-PHL-C2, PET after 2 cycles; Down syndrome noted, Kawasaki disease "
        "ruled out.",
        (),
        (),
    ),
    Case(
        "Preterm infant at 29+3 weeks, birth weight 1150 g, Apgar 6/8, CPAP 6 cmH2O, FiO2 0.30, bilirubin "
        "180 µmol/L at 72 h.",
        (),
        (),
    ),
    Case(
        "Nursing handover 14:00: PICC dressing changed, pain score 2/10, fluids at 60 mL/h, urine output "
        "1.5 mL/kg/h, temperature 38.2 °C.",
        (),
        (),
    ),
    Case(
        "Age band 5-9, 18 months of maintenance left, 2/3 of the planned dose, 75% dose in week 3, follow-up "
        "every 3 months.",
        (),
        (),
    ),
    Case(
        "Neuroblastoma INRG stage M, MYCN amplified, 11q aberration; induction per HR-NBL2, ferritin 450 ng/mL, "
        "urinary VMA raised.",
        (),
        (),
    ),
    Case(
        "Karyotype 46,XY,t(9;22)(q34;q11.2); ICD-10 C92.1; imatinib 340 mg/m2 daily since 2022.",
        (),
        (),
    ),
    Case(
        "Retinoblastoma group D, TNM cT2a cN0 cM0; intra-arterial melphalan 5 mg and carboplatin 30 mg at "
        "3-week intervals.",
        (),
        (),
    ),
    Case(
        "Eponyms discussed: Li-Fraumeni syndrome, Beckwith-Wiedemann, Diamond-Blackfan anaemia, Fanconi anaemia, "
        "Langerhans cell histiocytosis.",
        (),
        (),
    ),
    Case(
        "The patient received 3 doses; anaemia improved, the anamnesis was unremarkable and a banana-flavoured "
        "oral solution was given.",
        ("Ana Lima",),
        (),
    ),
    Case(
        "Cycle 4 started on day 29; cumulative anthracycline 240 mg/m2; shortening fraction 32%; COG AALL0932 "
        "and ALL-IC BFM 2009 arms compared.",
        (),
        (),
    ),
    Case(
        "Discussed with the Dr on call and the ward nurse; the patient was seen by the team at 09:30 and again "
        "at 18:45.",
        (),
        (),
    ),
    Case(
        "Sodium 138 mmol/L, potassium 4.1, calcium 2.3, phosphate 1.9, uric acid 420 µmol/L, UKALL 2011 "
        "and Interfant-06 cited.",
        (),
        (),
    ),
    # --- Without identifiers: Spanish ------------------------------------------------------------------
    Case(
        "Niño de 6 años con LLA-B de riesgo intermedio, protocolo SEHOP-PETHEMA 2013; día +14 postrasplante, "
        "neutrófilos 0,5 x 10^9/L, Hb 8,1 g/dL.",
        (),
        (),
    ),
    Case(
        "Neonato de 32 semanas, peso 1.450 g, Apgar 7/9, PCR 12 mg/L; ampicilina 50 mg/kg/8 h y gentamicina "
        "4 mg/kg/24 h.",
        (),
        (),
    ),
    Case(
        "Sarcoma de Ewing de pelvis, EE2012, TA 110/70, FC 98 lpm, SatO2 97%; en marzo de 2024 recibió el "
        "ciclo 3 de VDC/IE.",
        (),
        (),
    ),
    Case(
        "Enfermería: vía central permeable, balance hídrico +250 mL en 24 h, diuresis 2 mL/kg/h, dolor EVA "
        "3/10, control a las 08:00 y 20:00.",
        (),
        (),
    ),
    Case(
        "Tumor de Wilms bilateral, estadio V, protocolo UMBRELLA SIOP-RTSG 2016; creatinina 0,6 mg/dL, "
        "la paciente tolera bien.",
        (),
        (),
    ),
    # --- Without identifiers: French -------------------------------------------------------------------
    Case(
        "Enfant de 3 ans, LAL B, protocole CAALL-F01, J8 de la cure 2, Hb 7,2 g/dL, plaquettes 120 G/L, PNN 0,4 G/L.",
        (),
        (),
    ),
    Case(
        "Nouveau-né à 34 SA, poids de naissance 2100 g, bilirubine 250 µmol/L à H48, photothérapie pendant "
        "24 h ; né en 2023.",
        (),
        (),
    ),
    Case(
        "Lymphome de Hodgkin stade IIB, EuroNet-PHL-C2, TEP après 2 cycles OEPA ; TA 110/70, méthylprednisolone "
        "5 mg/kg, en mars 2024.",
        (),
        (),
    ),
    # --- Without identifiers: Catalan ------------------------------------------------------------------
    Case(
        "Nen de 5 anys amb meduloblastoma, protocol SIOP PNET5 MB; dia +21, neutròfils 0,8 x 10^9/L, plaquetes "
        "45.000/µL, febre 38,5 °C.",
        (),
        (),
    ),
    Case(
        "Nadó prematur de 27 setmanes, pes 890 g, CPAP 5 cmH2O, cafeïna 20 mg/kg de càrrega i 5 mg/kg/dia; "
        "l'abril de 2024 va rebre l'alta.",
        (),
        (),
    ),
    Case(
        "Infermeria: canvi d'apòsit del catèter a les 14:00, dolor 2/10, TA 110/70, diüresi 1,5 mL/kg/h, "
        "setmana 3 del cicle 2.",
        (),
        (),
    ),
]


def _overlaps(hit: Hit, start: int, end: int) -> bool:
    return hit.start < end and start < hit.end


def _same_kind(found: Kind, expected: Kind) -> bool:
    dates = {Kind.DATE, Kind.DATE_OF_BIRTH}
    return found == expected or (found in dates and expected in dates)


def expected_spans(case: Case) -> list[tuple[Kind, str, int, int]]:
    """Each expected identifier with its span in the text (the first occurrence of its substring)."""
    spans = []
    for kind, text in case.expected:
        start = case.text.find(text)
        if start < 0:
            raise ValueError(f"{text!r} is not in {case.text!r}")
        spans.append((kind, text, start, start + len(text)))
    return spans


def missed(case: Case, hits: list[Hit]) -> list[tuple[Kind, str]]:
    """The expected identifiers that no hit of the right kind overlaps."""
    return [
        (kind, text)
        for kind, text, start, end in expected_spans(case)
        if not any(_overlaps(hit, start, end) and _same_kind(hit.kind, kind) for hit in hits)
    ]


def false_alarms(case: Case, hits: list[Hit]) -> list[Hit]:
    """The hits that overlap no expected identifier."""
    spans = expected_spans(case)
    return [hit for hit in hits if not any(_overlaps(hit, start, end) for _, _, start, end in spans)]


def figures() -> dict:
    identifiers = caught = alarms = clean = clean_flagged = 0
    for case in CASES:
        hits = screen(case.text, names=case.names)
        identifiers += len(case.expected)
        caught += len(case.expected) - len(missed(case, hits))
        alarms += len(false_alarms(case, hits))
        if not case.expected:
            clean += 1
            clean_flagged += bool(hits)
    return {
        "identifiers": identifiers,
        "caught": caught,
        "missed": identifiers - caught,
        "false_alarms": alarms,
        "clean_texts": clean,
        "clean_texts_flagged": clean_flagged,
    }
