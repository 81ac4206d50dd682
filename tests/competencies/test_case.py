import datetime
import io
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from competencies import case, services
from competencies.models import EPA, Competency, Evidence, EvidenceKind, Framework, Scale, TrainingLink
from competencies.scales import O_SCORE, OTTAWA
from lms.models import AuditEvent
from tests.factories import CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "files" / "paediatrics_case.json"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")


def package() -> dict:
    """A fresh copy of the sample package, for a test to change as it likes."""
    return json.loads(FILE.read_text(encoding="utf-8"))


def item_id(data: dict, code: str) -> str:
    return next(item["identifier"] for item in data["CFItems"] if item["humanCodingScheme"] == code)


def child_of(data: dict, code: str) -> dict:
    """The isChildOf association that places the item with this code."""
    identifier = item_id(data, code)
    return next(
        row
        for row in data["CFAssociations"]
        if row["associationType"] == "isChildOf" and row["originNodeURI"]["identifier"] == identifier
    )


def without(data: dict, *codes: str) -> dict:
    """The package with these items, and every association that touches them, taken out."""
    identifiers = {item_id(data, code) for code in codes}
    data["CFItems"] = [item for item in data["CFItems"] if item["identifier"] not in identifiers]
    data["CFAssociations"] = [
        row
        for row in data["CFAssociations"]
        if row["originNodeURI"]["identifier"] not in identifiers
        and row["destinationNodeURI"]["identifier"] not in identifiers
    ]
    return data


def codes(framework: Framework) -> dict[str, Competency]:
    return {row.code: row for row in framework.competencies.select_related("parent")}


def snapshot(framework: Framework) -> dict:
    """Everything an import decides, by identifier: the tree and the EPAs with their links."""
    return {
        "framework": (framework.pk, framework.identifier, framework.title, framework.version),
        "competencies": {
            (row.pk, row.identifier, row.parent.identifier if row.parent else None, row.level, row.code)
            + (row.statement, row.sort_order)
            for row in framework.competencies.select_related("parent")
        },
        "epas": {
            (epa.pk, epa.identifier, epa.code, epa.title, epa.description, epa.sort_order)
            + (frozenset(epa.competencies.values_list("identifier", flat=True)),)
            for epa in framework.epas.all()
        },
    }


def make_evidence(competency: Competency) -> Evidence:
    learner = UserFactory()
    return Evidence.objects.create(
        learner=learner,
        competency=competency,
        kind=EvidenceKind.COURSE_COMPLETED,
        title="Paediatric sepsis",
        occurred_on=datetime.date(2024, 5, 1),
        source_type=ContentType.objects.get_for_model(learner),
        source_id=str(learner.pk),
    )


def make_training_link(competency: Competency) -> TrainingLink:
    target = UserFactory()
    return TrainingLink.objects.create(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk), competency=competency
    )


# Import --------------------------------------------------------------------------------------


def test_import_creates_one_row_per_item_at_its_level():
    framework = case.import_package(actor=None, package=package())

    assert Counter(framework.competencies.values_list("level", flat=True)) == {
        Competency.Level.ROLE: 3,
        Competency.Level.COMPETENCY: 6,
        Competency.Level.MILESTONE: 4,
    }
    assert framework.epas.count() == 3


def test_import_keeps_the_package_identifiers():
    data = package()

    framework = case.import_package(actor=None, package=data)

    assert str(framework.identifier) == data["CFDocument"]["identifier"]
    imported = {str(identifier) for identifier in framework.competencies.values_list("identifier", flat=True)}
    imported |= {str(identifier) for identifier in framework.epas.values_list("identifier", flat=True)}
    assert imported == {item["identifier"] for item in data["CFItems"]}


def test_import_puts_each_item_under_its_is_child_of_parent():
    framework = case.import_package(actor=None, package=package())

    rows = codes(framework)
    assert {code for code, row in rows.items() if row.parent is None} == {"ME", "COM", "COL"}
    assert rows["ME1"].parent == rows["ME"]
    assert rows["COM2"].parent == rows["COM"]
    assert rows["ME1.1"].parent == rows["ME1"]
    assert rows["COL1.1"].parent == rows["COL1"]


def test_import_orders_siblings_by_sequence_number():
    data = package()
    child_of(data, "ME1")["sequenceNumber"] = 3
    child_of(data, "ME3")["sequenceNumber"] = 1

    framework = case.import_package(actor=None, package=data)

    children = codes(framework)["ME"].children.order_by("sort_order")
    assert [row.code for row in children] == ["ME3", "ME2", "ME1"]


def test_import_links_each_epa_to_its_is_related_to_competencies():
    framework = case.import_package(actor=None, package=package())

    links = {epa.code: set(epa.competencies.values_list("code", flat=True)) for epa in framework.epas.all()}
    assert links == {
        "EPA 1": {"ME1", "ME2", "ME1.1"},
        "EPA 2": {"COM1", "COM2"},
        "EPA 3": {"COL1", "COL1.1", "COM2"},
    }


def test_import_reads_epa_title_code_and_notes():
    framework = case.import_package(actor=None, package=package())

    epa = framework.epas.get(code="EPA 2")
    assert epa.title == "Communicating a diagnosis and plan to a child and family"
    assert epa.description.startswith("Includes breaking bad news")


def test_import_reads_the_document_fields():
    data = package()

    framework = case.import_package(actor=None, package=data)

    document = data["CFDocument"]
    assert framework.title == document["title"]
    assert framework.creator == document["creator"]
    assert framework.description == document["description"]
    assert framework.version == "2024.1"
    assert framework.language == "en"
    assert framework.source_uri == document["officialSourceURL"]


def test_new_epas_are_given_the_ottawa_scale():
    framework = case.import_package(actor=None, package=package())

    assert set(framework.epas.values_list("scale__name", flat=True)) == {OTTAWA}


def test_import_ignores_association_types_it_does_not_read():
    data = package()
    assert any(row["associationType"] == "exactMatchOf" for row in data["CFAssociations"])

    framework = case.import_package(actor=None, package=data)

    assert framework.competencies.count() == 13


@pytest.mark.parametrize(
    ("item_type", "level"),
    [
        ("ROLE", Competency.Level.ROLE),
        ("domain", Competency.Level.ROLE),
        ("Milestone", Competency.Level.MILESTONE),
        ("Competency", Competency.Level.COMPETENCY),
        ("Learning Objective", Competency.Level.COMPETENCY),
        ("entrustable professional activity", "epa"),
        ("EPA", "epa"),
    ],
)
def test_item_type_is_read_without_regard_to_case(item_type, level):
    identifier = str(uuid.uuid4())
    data = {
        "CFDocument": {"identifier": str(uuid.uuid4()), "title": "Small framework"},
        "CFItems": [{"identifier": identifier, "fullStatement": "Lead a resuscitation", "CFItemType": item_type}],
    }

    framework = case.import_package(actor=None, package=data)

    if level == "epa":
        assert framework.epas.get().identifier == uuid.UUID(identifier)
        assert not framework.competencies.exists()
    else:
        assert framework.competencies.get().level == level


def test_import_records_one_audit_event():
    framework = case.import_package(actor=None, package=package())

    event = AuditEvent.objects.get(verb="framework.imported")
    assert (event.target_type, event.target_id) == ("competencies.framework", str(framework.pk))
    assert event.data["items"] == 16


def test_a_coordinator_may_import():
    coordinator = CoordinatorFactory()

    framework = case.import_package(actor=coordinator, package=package())

    assert AuditEvent.objects.get(verb="framework.imported").actor == coordinator
    assert framework.competencies.count() == 13


@pytest.mark.parametrize("factory", [UserFactory, FacultyFactory], ids=["learner", "faculty"])
def test_only_coordinators_may_import(factory):
    with pytest.raises(PermissionDenied) as error:
        case.import_package(actor=factory(), package=package())

    assert str(error.value) == str(services.ERROR_ONLY_COORDINATORS)
    assert not Framework.objects.exists()


# Bad input -----------------------------------------------------------------------------------


def _unknown_destination(data: dict) -> dict:
    child_of(data, "ME1")["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    return data


def _cycle(data: dict) -> dict:
    milestone = child_of(data, "ME1.1")["originNodeURI"]
    child_of(data, "ME")["destinationNodeURI"] = dict(milestone)
    return data


def _child_of_an_epa(data: dict) -> dict:
    epa = child_of(data, "EPA 1")["originNodeURI"]
    child_of(data, "ME1")["destinationNodeURI"] = dict(epa)
    return data


def _duplicate_item(data: dict) -> dict:
    data["CFItems"][5]["identifier"] = data["CFItems"][4]["identifier"]
    return data


def _set_item(index: int, key: str, value) -> Callable[[dict], dict]:
    def change(data: dict) -> dict:
        if value is None:
            del data["CFItems"][index][key]
        else:
            data["CFItems"][index][key] = value
        return data

    return change


def _set_document(key: str, value) -> Callable[[dict], dict]:
    def change(data: dict) -> dict:
        if value is None:
            del data["CFDocument"][key]
        else:
            data["CFDocument"][key] = value
        return data

    return change


BAD_PACKAGES = {
    "not a dict": (lambda data: [data], "package", case.ERROR_NOT_A_PACKAGE),
    "no CFDocument": (
        lambda data: {key: value for key, value in data.items() if key != "CFDocument"},
        "CFDocument",
        case.ERROR_NO_DOCUMENT,
    ),
    "no document identifier": (
        _set_document("identifier", None),
        "CFDocument.identifier",
        case.ERROR_DOCUMENT_IDENTIFIER,
    ),
    "document identifier not a UUID": (
        _set_document("identifier", "paediatrics-2024"),
        "CFDocument.identifier",
        case.ERROR_DOCUMENT_IDENTIFIER,
    ),
    "no title": (_set_document("title", None), "CFDocument.title", case.ERROR_DOCUMENT_TITLE),
    "blank title": (_set_document("title", "   "), "CFDocument.title", case.ERROR_DOCUMENT_TITLE),
    "CFItems not a list": (lambda data: {**data, "CFItems": {}}, "CFItems", None),
    "item without fullStatement": (_set_item(4, "fullStatement", None), "CFItems.fullStatement", None),
    "item with blank fullStatement": (_set_item(4, "fullStatement", " "), "CFItems.fullStatement", None),
    "item identifier not a UUID": (_set_item(4, "identifier", "ME2"), "CFItems.identifier", None),
    "item identifier twice": (_duplicate_item, "CFItems.identifier", None),
    "code too long": (_set_item(4, "humanCodingScheme", "X" * 41), "CFItems.humanCodingScheme", None),
    "unknown node": (_unknown_destination, "CFAssociations.destinationNodeURI", None),
    "isChildOf cycle": (_cycle, "CFAssociations", None),
    "competency under an EPA": (_child_of_an_epa, "CFAssociations.destinationNodeURI", None),
}


@pytest.mark.parametrize(("change", "field", "message"), BAD_PACKAGES.values(), ids=BAD_PACKAGES.keys())
def test_a_bad_package_is_refused_naming_the_field_and_nothing_changes(change, field, message):
    frameworks, competencies = Framework.objects.count(), Competency.objects.count()

    with pytest.raises(ValidationError) as error:
        case.import_package(actor=None, package=change(package()))

    assert list(error.value.message_dict) == [field]
    if message is not None:
        assert error.value.message_dict[field] == [str(message)]
    assert (Framework.objects.count(), Competency.objects.count()) == (frameworks, competencies)


def test_a_refused_reimport_leaves_the_framework_as_it_was():
    framework = case.import_package(actor=None, package=package())
    before = snapshot(framework)
    data = _cycle(package())
    data["CFItems"][3]["fullStatement"] = "Changed"

    with pytest.raises(ValidationError):
        case.import_package(actor=None, package=data)

    framework.refresh_from_db()
    assert snapshot(framework) == before


def test_an_item_of_another_framework_is_refused():
    case.import_package(actor=None, package=package())
    old = package()["CFDocument"]["identifier"]
    data = json.loads(FILE.read_text(encoding="utf-8").replace(old, str(uuid.uuid4())))

    with pytest.raises(ValidationError) as error:
        case.import_package(actor=None, package=data)

    assert list(error.value.message_dict) == ["CFItems.identifier"]
    assert Framework.objects.count() == 1


# Export --------------------------------------------------------------------------------------


def _is_link(value) -> bool:
    return isinstance(value, dict) and {"title", "identifier", "uri"} <= set(value) and uuid.UUID(value["identifier"])


def test_export_has_the_required_case_fields(settings):
    framework = case.import_package(actor=None, package=package())

    exported = case.export_package(framework)

    document = exported["CFDocument"]
    assert {"identifier", "uri", "creator", "title", "lastChangeDateTime"} <= set(document)
    # The official CASE 1.1 CFPackage schema allows no other properties than it names.
    assert "CFPackageURI" not in document
    assert document["identifier"] == str(framework.identifier)
    assert document["uri"] == f"{settings.SITE_URL}/api/v1/competencies/frameworks/{framework.pk}/case/"
    assert document["adoptionStatus"] == "Adopted"
    assert (document["version"], document["language"]) == ("2024.1", "en")
    assert TIMESTAMP.match(document["lastChangeDateTime"])
    assert len(exported["CFItems"]) == 16
    for item in exported["CFItems"]:
        assert {"identifier", "uri", "fullStatement", "CFItemType", "lastChangeDateTime"} <= set(item)
        assert uuid.UUID(item["identifier"]) and item["fullStatement"] and TIMESTAMP.match(item["lastChangeDateTime"])
        assert "CFDocumentURI" not in item
    for row in exported["CFAssociations"]:
        assert {"identifier", "uri", "associationType", "lastChangeDateTime"} <= set(row)
        assert uuid.UUID(row["identifier"]) and TIMESTAMP.match(row["lastChangeDateTime"])
        assert _is_link(row["originNodeURI"]) and _is_link(row["destinationNodeURI"])
        assert "CFDocumentURI" not in row


def test_export_writes_item_types_codes_and_statements():
    framework = case.import_package(actor=None, package=package())

    items = {item["humanCodingScheme"]: item for item in case.export_package(framework)["CFItems"]}

    assert {code: items[code]["CFItemType"] for code in ("ME", "ME1", "ME1.1", "EPA 1")} == {
        "ME": "Role",
        "ME1": "Competency",
        "ME1.1": "Milestone",
        "EPA 1": "Entrustable Professional Activity",
    }
    assert items["ME1"]["fullStatement"] == codes(framework)["ME1"].statement
    assert items["EPA 2"]["fullStatement"] == "Communicating a diagnosis and plan to a child and family"
    assert items["EPA 2"]["notes"] == framework.epas.get(code="EPA 2").description


def test_export_places_top_level_items_under_the_document_in_their_order():
    framework = case.import_package(actor=None, package=package())
    exported = case.export_package(framework)

    under_document = {
        row["originNodeURI"]["identifier"]: row["sequenceNumber"]
        for row in exported["CFAssociations"]
        if row["associationType"] == "isChildOf"
        and row["destinationNodeURI"]["identifier"] == exported["CFDocument"]["identifier"]
    }

    roles = framework.competencies.filter(parent=None)
    assert under_document == {str(row.identifier): row.sort_order for row in [*roles, *framework.epas.all()]}
    assert sorted(under_document.values()) == [1, 1, 2, 2, 3, 3]


def test_export_relates_each_epa_to_its_competencies():
    framework = case.import_package(actor=None, package=package())
    exported = case.export_package(framework)

    related = {
        (row["originNodeURI"]["identifier"], row["destinationNodeURI"]["identifier"])
        for row in exported["CFAssociations"]
        if row["associationType"] == "isRelatedTo"
    }

    assert related == {
        (str(epa.identifier), str(competency.identifier))
        for epa in framework.epas.all()
        for competency in epa.competencies.all()
    }


def test_exporting_twice_gives_the_same_association_identifiers():
    framework = case.import_package(actor=None, package=package())

    first = case.export_package(framework)
    case.import_package(actor=None, package=first)
    second = case.export_package(Framework.objects.get())

    assert [row["identifier"] for row in first["CFAssociations"]] == [
        row["identifier"] for row in second["CFAssociations"]
    ]


# Re-import -----------------------------------------------------------------------------------


def test_reimporting_an_export_gives_the_same_framework():
    framework = case.import_package(actor=None, package=package())
    before = snapshot(framework)

    again = case.import_package(actor=None, package=case.export_package(framework))

    assert again.pk == framework.pk
    assert Framework.objects.count() == 1
    assert Competency.objects.count() == 13 and EPA.objects.count() == 3
    assert snapshot(again) == before
    assert again.source_uri == package()["CFDocument"]["officialSourceURL"]


def test_reimport_updates_a_changed_statement_in_place():
    framework = case.import_package(actor=None, package=package())
    me1 = codes(framework)["ME1"]
    data = package()
    next(item for item in data["CFItems"] if item["humanCodingScheme"] == "ME1")["fullStatement"] = "Practise safely"

    case.import_package(actor=None, package=data)

    me1.refresh_from_db()
    assert me1.statement == "Practise safely"
    assert Competency.objects.count() == 13


def test_reimport_adds_an_item_new_to_the_package():
    framework = case.import_package(actor=None, package=package())
    data = package()
    new = {"identifier": str(uuid.uuid4()), "fullStatement": "Lead a family meeting", "humanCodingScheme": "COM3"}
    data["CFItems"].append(new)
    data["CFAssociations"].append(
        {
            "identifier": str(uuid.uuid4()),
            "associationType": "isChildOf",
            "originNodeURI": {"title": "COM3", "identifier": new["identifier"], "uri": "https://example.org/com3"},
            "destinationNodeURI": child_of(data, "COM1")["destinationNodeURI"],
            "sequenceNumber": 3,
        }
    )

    case.import_package(actor=None, package=data)

    added = codes(framework)["COM3"]
    assert (added.identifier, added.parent.code, added.level) == (
        uuid.UUID(new["identifier"]),
        "COM",
        Competency.Level.COMPETENCY,
    )


def test_reimport_deletes_an_item_no_longer_in_the_package_that_nothing_uses():
    framework = case.import_package(actor=None, package=package())

    case.import_package(actor=None, package=without(package(), "ME1.2"))

    assert "ME1.2" not in codes(framework)
    assert Competency.objects.count() == 12


@pytest.mark.parametrize("use", [make_evidence, make_training_link], ids=["evidence", "training link"])
def test_reimport_keeps_an_item_no_longer_in_the_package_that_is_used(use):
    framework = case.import_package(actor=None, package=package())
    use(codes(framework)["ME1.2"])

    case.import_package(actor=None, package=without(package(), "ME1.2"))

    assert "ME1.2" in codes(framework)


def test_reimport_keeps_an_item_an_epa_outside_the_package_still_uses():
    framework = case.import_package(actor=None, package=package())
    epa = framework.epas.get(code="EPA 3")
    TrainingLink.objects.create(target_type=ContentType.objects.get_for_model(epa), target_id=str(epa.pk), epa=epa)

    case.import_package(actor=None, package=without(package(), "EPA 3", "COL1.1"))

    assert framework.epas.filter(pk=epa.pk).exists()
    assert "COL1.1" in codes(framework)


def test_reimport_keeps_the_parent_of_a_kept_item():
    framework = case.import_package(actor=None, package=package())
    make_evidence(codes(framework)["ME1.1"])

    case.import_package(actor=None, package=without(package(), "ME1", "ME1.1", "ME1.2"))

    rows = codes(framework)
    assert rows["ME1.1"].parent == rows["ME1"]
    assert "ME1.2" not in rows


def test_reimport_keeps_the_scale_of_an_existing_epa():
    framework = case.import_package(actor=None, package=package())
    framework.epas.update(scale=Scale.objects.get(name=O_SCORE))

    case.import_package(actor=None, package=package())

    assert set(framework.epas.values_list("scale__name", flat=True)) == {O_SCORE}


# Commands ------------------------------------------------------------------------------------


def test_import_case_command_prints_the_title_and_counts():
    out = io.StringIO()

    call_command("import_case", str(FILE), stdout=out)

    framework = Framework.objects.get()
    assert framework.title in out.getvalue()
    assert "3 roles, 6 competencies, 4 milestones, 3 EPAs" in out.getvalue()


def test_import_case_command_names_the_field_of_a_bad_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"CFDocument": {"identifier": str(uuid.uuid4())}}), encoding="utf-8")

    with pytest.raises(CommandError, match="CFDocument.title"):
        call_command("import_case", str(path), stdout=io.StringIO())


def test_export_case_command_prints_the_package_as_json():
    framework = case.import_package(actor=None, package=package())
    out = io.StringIO()

    call_command("export_case", str(framework.pk), stdout=out)

    assert json.loads(out.getvalue()) == case.export_package(framework)
