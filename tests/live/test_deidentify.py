"""The de-identification screen (live/deidentify.py): pure functions, no database."""

import re
import unicodedata

import pytest

from live.deidentify import KIND_LABELS, Hit, Kind, names_from, screen, screen_fields
from tests.live.deid_corpus import CASES, Case, false_alarms, figures, missed

WITH_IDENTIFIERS = [case for case in CASES if case.expected]
CLEAN = [case for case in CASES if not case.expected]


def _case_id(case: Case) -> str:
    ascii_text = unicodedata.normalize("NFKD", case.text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:48]
    return f"{CASES.index(case):02d}-{slug}"


def _found(text: str, **kwargs) -> list[tuple[Kind, str]]:
    return [(hit.kind, hit.text) for hit in screen(text, **kwargs)]


# --- The corpus -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", WITH_IDENTIFIERS, ids=_case_id)
def test_every_identifier_in_the_corpus_is_caught(case):
    assert missed(case, screen(case.text, names=case.names)) == []


@pytest.mark.parametrize("case", WITH_IDENTIFIERS, ids=_case_id)
def test_a_case_with_identifiers_raises_no_false_alarm(case):
    assert false_alarms(case, screen(case.text, names=case.names)) == []


@pytest.mark.parametrize("case", CLEAN, ids=_case_id)
def test_no_clinical_text_in_the_corpus_is_flagged(case):
    assert screen(case.text, names=case.names) == []


def test_the_corpus_has_every_kind_at_least_four_times_and_enough_clean_texts():
    counts = {kind: sum(kind == found for case in CASES for found, _ in case.expected) for kind in Kind}

    assert min(counts.values()) >= 4, counts
    assert len(WITH_IDENTIFIERS) >= 35
    assert len(CLEAN) >= 25


def test_corpus_figures_show_every_identifier_caught_and_no_false_alarm():
    result = figures()

    assert result["caught"] == result["identifiers"]
    assert result["missed"] == 0
    assert result["false_alarms"] == 0
    assert result["clean_texts_flagged"] == 0
    assert result["clean_texts"] == len(CLEAN)


# --- Names ----------------------------------------------------------------------------------------------


def test_a_listed_name_is_caught_without_accents():
    assert _found("Lucia tolerated the first block well.", names=["Lucía"]) == [(Kind.NAME, "Lucia")]


def test_a_listed_name_without_accents_catches_the_accented_spelling():
    assert _found("Núria tolerated the first block well.", names=["Nuria"]) == [(Kind.NAME, "Núria")]


def test_a_listed_name_is_caught_whatever_its_case():
    assert _found("MUKAMANA and mukamana", names=["Mukamana"]) == [(Kind.NAME, "MUKAMANA"), (Kind.NAME, "mukamana")]


def test_a_name_inside_a_clinical_word_is_not_caught():
    assert _found("Anaemia noted at anamnesis; banana diet; Banana.", names=["Ana"]) == []


def test_a_single_name_given_as_a_string_is_looked_for():
    assert _found("Uwase was febrile.", names="Uwase") == [(Kind.NAME, "Uwase")]


def test_a_part_of_a_listed_full_name_is_caught_alone():
    assert _found("Uwase was febrile overnight.", names=["María José Uwase"]) == [(Kind.NAME, "Uwase")]


def test_a_name_in_decomposed_unicode_is_reported_with_its_combining_marks():
    text = "Jose\u0301 is stable."

    assert _found(text, names=["José"]) == [(Kind.NAME, "Jose\u0301")]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("الطفلة أَمِينَة بن علي، 5 سنوات", "أمينة", "أَمِينَة"),
        ("ህፃኑ አበበ ከበደ የ9 ዓመት ልጅ ነው", "አበበ ከበደ", "አበበ ከበደ"),
        ("Пациентка Анна Иванова, 7 лет", "анна иванова", "Анна Иванова"),
        ("患儿王小明，男，5岁", "王小明", "王小明"),
        ("Umwana Ishimwe Kévine afite imyaka 4", "Ishimwe Kevine", "Ishimwe Kévine"),
    ],
    ids=["arabic", "amharic", "cyrillic", "chinese", "kinyarwanda"],
)
def test_a_listed_name_is_caught_in_any_script(text, name, expected):
    assert _found(text, names=[name]) == [(Kind.NAME, expected)]


def test_a_name_in_a_script_without_case_is_not_caught_inside_another_word():
    assert _found("ሰላማዊ", names=["ሰላም"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mrs Mukamana reports night sweats.", "Mukamana"),
        ("Seen by Dr. Habimana today.", "Habimana"),
        ("La Sra. García López acompaña al niño.", "García López"),
        ("Dña. Carmen refiere fiebre.", "Carmen"),
        ("M. Dupont signale des douleurs.", "Dupont"),
        ("Mme Benali est présente.", "Benali"),
        ("El Sr Puig explica que la nena té febre.", "Puig"),
        ("A patient named Grace was admitted.", "Grace"),
        ("la paciente Lucía ingresa hoy", "Lucía"),
        ("l'enfant Lucas présente une fièvre", "Lucas"),
    ],
)
def test_a_name_after_an_honorific_or_role_is_caught(text, expected):
    assert _found(text) == [(Kind.NAME, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "Wilms tumour, Burkitt lymphoma, Hodgkin lymphoma, Down syndrome and Kawasaki disease.",
        "The patient Down syndrome screen was negative; child Pugh score B; baby Boy in bed 3.",
        "Vitamin D. The patient improved. Stage M. She relapsed.",
        "The Dr on call and the Nurse Practitioner reviewed the chart.",
        "Patient Presented With Fever (a heading in title case).",
    ],
)
def test_an_eponym_function_word_or_heading_is_not_a_name(text):
    assert screen(text) == []


# --- Dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "12/03/2024",
        "2024-03-12",
        "12.03.2024",
        "12/03/24",
        "12 March 2024",
        "March 12, 2024",
        "12-Mar-24",
        "12 de marzo de 2024",
        "12 mars 2024",
        "1er mars 2024",
        "12 de març de 2024",
        "3 d'abril de 2024",
    ],
)
def test_a_full_date_is_a_date(date):
    assert _found(f"Reviewed on {date} at clinic.") == [(Kind.DATE, date)]


@pytest.mark.parametrize("text", ["Diagnosed in 2023.", "Treated 2019-2021.", "Diagnosticada en 2022."])
def test_a_year_alone_is_not_a_date(text):
    assert screen(text) == []


@pytest.mark.parametrize("text", ["Relapse in March 2024.", "Recaída en marzo de 2024.", "Rechute en mars 2024."])
def test_a_month_and_year_is_not_a_date(text):
    assert screen(text) == []


@pytest.mark.parametrize("text", ["day 3", "D+14", "3 weeks", "day 8 of cycle 2", "week 3", "Apgar 8/9/10"])
def test_day_and_cycle_notation_is_not_a_date(text):
    assert screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "DOB 12/03/2019",
        "Date of birth: 12/03/2019",
        "born on 12/03/2019",
        "fecha de nacimiento 12/03/2019",
        "nacida el 12/03/2019",
        "né le 12/03/2019",
        "née le 12/03/2019",
        "data de naixement: 12/03/2019",
        "nascut el 12/03/2019",
    ],
)
def test_date_of_birth_wins_over_plain_date(text):
    assert _found(text) == [(Kind.DATE_OF_BIRTH, "12/03/2019")]


def test_a_date_after_a_date_of_birth_is_a_plain_date():
    assert _found("DOB 12/03/2019, admitted 14/03/2024.") == [
        (Kind.DATE_OF_BIRTH, "12/03/2019"),
        (Kind.DATE, "14/03/2024"),
    ]


def test_a_month_and_year_after_a_birth_cue_is_a_date_of_birth():
    assert _found("DOB: March 2019.") == [(Kind.DATE_OF_BIRTH, "March 2019")]


# --- Record numbers, phones, emails, addresses -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN: 4452187", "4452187"),
        ("NHC 12345678", "12345678"),
        ("historia clínica nº 4587123", "4587123"),
        ("Dossier n° 2024-00123", "2024-00123"),
        ("IPP 8812345", "8812345"),
        ("DNI 12345678Z", "12345678Z"),
        ("NIE X1234567L", "X1234567L"),
        ("passport PA4419032", "PA4419032"),
        ("Número d'història 88123456", "88123456"),
    ],
)
def test_a_record_number_after_a_cue_is_caught(text, expected):
    assert _found(text) == [(Kind.RECORD_NUMBER, expected)]


def test_a_bare_run_of_seven_digits_is_a_record_number():
    assert _found("Specimen 88234417 sent.") == [(Kind.RECORD_NUMBER, "88234417")]


def test_a_short_number_after_a_cue_is_not_a_record_number():
    assert screen("HC 34.5 cm; ID consult; IPPV 20/5.") == []


def test_a_record_cue_wins_over_a_phone_pattern():
    assert _found("NHC 612345678") == [(Kind.RECORD_NUMBER, "612345678")]


@pytest.mark.parametrize(
    "phone",
    [
        "+250 788 123 456",
        "(555) 123-4567",
        "612 34 56 78",
        "0612345678",
        "+34 932 53 21 00",
        "06 12 34 56 78",
        "0788 123 456",
    ],
)
def test_a_phone_number_is_caught(phone):
    assert _found(f"Call {phone} after 18:00.") == [(Kind.PHONE, phone)]


def test_a_phone_wins_over_bare_digits():
    assert _found("0612345678") == [(Kind.PHONE, "0612345678")]


def test_an_email_address_is_caught():
    assert _found("Write to nadia.benali@orange.fr today.") == [(Kind.EMAIL, "nadia.benali@orange.fr")]


@pytest.mark.parametrize(
    "address",
    [
        "42 Maple Street",
        "12 rue de la Paix, 75002 Paris",
        "Calle Mayor 5, 3º 2ª, 28013 Madrid",
        "C/ Balmes 12",
        "Avenida de América 12",
        "Carrer de Mallorca 401, 08013 Barcelona",
        "Plaça de Catalunya 1",
        "Passeig de Gràcia 12",
        "KG 11 Ave",
    ],
)
def test_a_street_address_is_caught(address):
    assert _found(f"Lives at {address}; visits weekly.") == [(Kind.ADDRESS, address)]


# --- Clinical text that must not be flagged --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "5 mg/kg",
        "1.5 g/m2",
        "12 mg",
        "Hb 7.2 g/dL",
        "WBC 45,000/µL",
        "platelets 120 x 10^9/L",
        "creatinine 0.6",
        "BP 110/70",
        "2/3",
        "4-year-old",
        "18 months",
        "age band 5-9",
        "75%",
        "C91.0",
        "SIOP 2001",
        "ALL-IC BFM 2009",
        "AIEOP-BFM ALL 2017",
        "T2N0M0",
        "BCR-ABL1",
        "MYCN",
        "ETV6-RUNX1",
        "14:00",
        "CMV 1250000 IU/mL",
    ],
)
def test_a_clinical_pattern_is_not_flagged(text):
    assert screen(f"Noted: {text}.") == []


# --- Hits -----------------------------------------------------------------------------------------------


def test_overlapping_hits_are_reported_once_with_the_most_specific_kind():
    assert _found("Email aline.uwase@gmail.com", names=["Aline Uwase"]) == [(Kind.EMAIL, "aline.uwase@gmail.com")]


def test_hits_are_in_order_of_position():
    hits = screen("Mrs Mukamana, DOB 12/03/2019, MRN 4452187, tel 0788 123 456.")

    assert [hit.kind for hit in hits] == [Kind.NAME, Kind.DATE_OF_BIRTH, Kind.RECORD_NUMBER, Kind.PHONE]
    assert [hit.start for hit in hits] == sorted(hit.start for hit in hits)


@pytest.mark.parametrize("case", WITH_IDENTIFIERS, ids=_case_id)
def test_hit_offsets_point_at_the_reported_text(case):
    for hit in screen(case.text, names=case.names):
        assert case.text[hit.start : hit.end] == hit.text


def test_hit_key_names_field_position_kind_and_text():
    hit = Hit(field="history", kind=Kind.NAME, text="Uwase", start=4, end=9)

    assert hit.key == "history:4:name:Uwase"


def test_an_empty_text_has_no_hits():
    assert screen("", names=["Uwase"]) == []


def test_every_kind_has_a_label():
    assert set(KIND_LABELS) == set(Kind)
    assert str(KIND_LABELS[Kind.DATE]) == "Full date"


# --- names_from and screen_fields ------------------------------------------------------------------------


def test_names_from_splits_full_names_into_parts():
    assert names_from("María José Uwase") == ["María José Uwase", "María", "José", "Uwase"]


def test_names_from_splits_on_commas_semicolons_and_new_lines():
    assert names_from("Aline Uwase, Jean; Claudine\nKevin") == [
        "Aline Uwase",
        "Aline",
        "Uwase",
        "Jean",
        "Claudine",
        "Kevin",
    ]


def test_names_from_leaves_out_short_parts_titles_labels_and_relation_words():
    assert names_from("Mother: Mrs Aline Uwase; baby boy; Li Ming; Dr. Habimana") == [
        "Mrs Aline Uwase",
        "Aline",
        "Uwase",
        "Li Ming",
        "Ming",
        "Dr. Habimana",
        "Habimana",
    ]


def test_names_from_drops_duplicates_without_case_or_accents():
    assert names_from("Núria Puig, nuria, PUIG") == ["Núria Puig", "Núria", "Puig"]


def test_screen_fields_reports_the_field():
    hits = screen_fields({"history": "Mrs Mukamana is here.", "exam": "Liver 3 cm."})

    assert [(hit.field, hit.kind, hit.text) for hit in hits] == [("history", Kind.NAME, "Mukamana")]


def test_screen_fields_keeps_the_mapping_order():
    hits = screen_fields({"plan": "Call 0788 123 456.", "history": "Uwase is 4."}, names=["Uwase"])

    assert [hit.field for hit in hits] == ["plan", "history"]
