"""1EdTech CASE 1.0 (Competencies and Academic Standards Exchange) JSON: a framework in and out.

Why: colleges and specialty societies publish their frameworks as CASE packages, and other
systems (e-portfolios, assessment platforms) read them the same way. Importing a published
package saves the training office from typing a framework in by hand, and exporting ours lets
a programme take its framework, with our identifiers, to the next system. Identifiers are the
package's UUIDs, kept as they are, so importing the same document again (a new edition, or our
own export) updates that framework in place instead of making a second one.

Written by `export_package` (a CFPackage):

- CFDocument: identifier, uri, creator, title, lastChangeDateTime, version, description,
  language, adoptionStatus ("Adopted"), officialSourceURL (where it was imported from, if
  anywhere).
- CFItems, one per competency and one per EPA: identifier, uri, fullStatement
  (an EPA's title), humanCodingScheme (the code), CFItemType ("Role", "Competency",
  "Milestone" or "Entrustable Professional Activity"), language, lastChangeDateTime, and for
  an EPA with a description, notes.
- CFAssociations: isChildOf from each competency to its parent (or to the CFDocument for a
  top-level one) and from each EPA to the CFDocument, with sequenceNumber (the sort order);
  isRelatedTo from each EPA to each competency it draws on. Each has identifier, uri,
  associationType, originNodeURI, destinationNodeURI, lastChangeDateTime.

Read by `import_package`:

- CFDocument: identifier and title (required), creator, description, version, language,
  officialSourceURL or else uri (kept as where it came from, unless it is our own export).
- CFItems: identifier and fullStatement (required), humanCodingScheme, CFItemType (or the
  title of CFItemTypeURI), notes (an EPA's description).
- CFAssociations: isChildOf (an item's first one places it; its sequenceNumber orders it among
  its siblings, else its position in CFItems) and isRelatedTo between an EPA and a competency,
  in either direction. Other association types, CFDefinitions and CFRubrics are ignored.

Where our model and CASE part ways:

- Competencies carry no timestamps: every lastChangeDateTime is the framework's.
- Item and association uris are fragments of the package's uri: they resolve to the package
  that holds them, as we serve no endpoint per item.
- Inside a CFPackage, items and associations carry no CFDocumentURI and the document no
  CFPackageURI: the official CASE 1.1 CFPackage JSON schema (1EdTech OpenCASE) refuses them,
  and the export is valid against it. Packages from other tools that carry them are read.
- Entrustment scales are not part of CASE: they are not exported, and a new EPA is given the
  built-in Ottawa co-activity scale (the training office may change it afterwards; a re-import
  keeps the scale an EPA has).
- An EPA's isChildOf is read only for its order: EPAs hang off the framework, not a role.
- An isRelatedTo from an EPA to a competency of another framework is left out of the export,
  since it would point outside the package.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.models import User
from lms.services import record_event

from . import services
from .models import EPA, Assessment, Competency, Concern, Evidence, Framework, Scale, ScaleLevel, TrainingLink
from .scales import OTTAWA, install_builtin_scales

ADOPTED = "Adopted"
IS_CHILD_OF = "isChildOf"
IS_RELATED_TO = "isRelatedTo"
EPA_ITEM_TYPE = "Entrustable Professional Activity"
ITEM_TYPES = {
    Competency.Level.ROLE: "Role",
    Competency.Level.COMPETENCY: "Competency",
    Competency.Level.MILESTONE: "Milestone",
}
# What a CFItemType (lower-cased) is read as; any other type is a competency.
ROLE_TYPES = {"role", "domain"}
MILESTONE_TYPES = {"milestone"}
EPA_TYPES = {"entrustable professional activity", "epa"}
EPA_KIND = "epa"
# Association identifiers are uuid5 names of (type, origin, destination) in this namespace, so
# exporting the same framework twice gives the same identifiers. Never change it.
ASSOCIATION_NAMESPACE = uuid.UUID("c2ae18da-4ffb-4dcb-ab0f-576a4aa5e013")

ERROR_NOT_A_PACKAGE = _("This is not a CASE package: expected a JSON object with a CFDocument.")
ERROR_NO_DOCUMENT = _("The package has no CFDocument.")
ERROR_DOCUMENT_IDENTIFIER = _("The CFDocument needs an identifier that is a UUID.")
ERROR_DOCUMENT_TITLE = _("The CFDocument needs a title.")
ERROR_NOT_A_LIST = _("%(field)s must be a list.")
ERROR_NOT_AN_OBJECT = _("Every entry of %(field)s must be a JSON object.")
ERROR_NOT_TEXT = _("%(field)s of %(node)s must be text.")
ERROR_TOO_LONG = _("%(field)s of %(node)s is longer than %(limit)s characters.")
ERROR_ITEM_IDENTIFIER = _("Item %(position)s needs an identifier that is a UUID.")
ERROR_DUPLICATE_IDENTIFIER = _("The identifier %(identifier)s is used more than once in the package.")
ERROR_ITEM_STATEMENT = _("Item %(identifier)s has no fullStatement.")
ERROR_IDENTIFIER_TAKEN = _("Item %(identifier)s already belongs to another framework (%(framework)s).")
ERROR_UNKNOWN_NODE = _(
    "Association %(association)s points at %(node)s, which is neither the CFDocument nor one of its CFItems."
)
ERROR_ORIGIN_IS_DOCUMENT = _(
    "Association %(association)s starts at the CFDocument; it must start at one of its CFItems."
)
ERROR_PARENT_IS_EPA = _(
    "Association %(association)s puts an item under an EPA; only roles, competencies and milestones have children."
)
ERROR_CYCLE = _("The isChildOf associations go round in a circle through item %(identifier)s.")


def package_uri(framework: Framework) -> str:
    return f"{settings.SITE_URL}/api/v1/competencies/frameworks/{framework.pk}/case/"


# Export --------------------------------------------------------------------------------------


def _timestamp(moment: datetime | None) -> str:
    """ISO 8601 in UTC to the second, as CASE shows it: 2024-05-01T09:30:00+00:00."""
    return (moment or timezone.now()).astimezone(UTC).replace(microsecond=0).isoformat()


def _link(title: str, identifier: uuid.UUID, uri: str) -> dict[str, str]:
    """A CASE LinkURI: how one node names another."""
    return {"title": title, "identifier": str(identifier), "uri": uri}


def _tree_order(competencies: list[Competency]) -> list[Competency]:
    """Depth first, siblings by sort order: roles, each followed by its competencies and theirs."""
    present = {row.pk for row in competencies}
    children: dict[int | None, list[Competency]] = defaultdict(list)
    for row in competencies:
        children[row.parent_id if row.parent_id in present else None].append(row)
    ordered: list[Competency] = []
    stack = list(reversed(children[None]))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children[row.pk]))
    return ordered


def export_package(framework: Framework) -> dict[str, Any]:
    """The framework as a CASE 1.0 CFPackage (a dict ready for `json.dumps`)."""
    document_uri = package_uri(framework)
    changed = _timestamp(framework.updated_at)
    document_link = _link(framework.title, framework.identifier, document_uri)
    competencies = _tree_order(list(framework.competencies.order_by("sort_order", "pk")))
    by_pk = {row.pk: row for row in competencies}
    epas = list(framework.epas.order_by("sort_order", "pk").prefetch_related("competencies"))

    def node_uri(identifier: uuid.UUID) -> str:
        return f"{document_uri}#{identifier}"

    def item_link(row: Competency | EPA) -> dict[str, str]:
        return _link(str(row), row.identifier, node_uri(row.identifier))

    def item(row: Competency | EPA, statement: str, item_type: str) -> dict[str, Any]:
        return {
            "identifier": str(row.identifier),
            "uri": node_uri(row.identifier),
            "fullStatement": statement,
            "humanCodingScheme": row.code,
            "CFItemType": item_type,
            "language": framework.language,
            "lastChangeDateTime": changed,
        }

    def association(
        kind: str, origin: dict[str, str], destination: dict[str, str], sequence: int | None = None
    ) -> dict[str, Any]:
        identifier = uuid.uuid5(ASSOCIATION_NAMESPACE, f"{kind}|{origin['identifier']}|{destination['identifier']}")
        row: dict[str, Any] = {
            "identifier": str(identifier),
            "uri": node_uri(identifier),
            "associationType": kind,
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": changed,
        }
        if sequence is not None:
            row["sequenceNumber"] = sequence
        return row

    items = [item(row, row.statement, ITEM_TYPES.get(row.level, "Competency")) for row in competencies]
    associations = [
        association(
            IS_CHILD_OF,
            item_link(row),
            item_link(by_pk[row.parent_id]) if row.parent_id in by_pk else document_link,
            row.sort_order,
        )
        for row in competencies
    ]
    for epa in epas:
        epa_item = item(epa, epa.title, EPA_ITEM_TYPE)
        if epa.description:
            epa_item["notes"] = epa.description
        items.append(epa_item)
        associations.append(association(IS_CHILD_OF, item_link(epa), document_link, epa.sort_order))
    for epa in epas:
        associations.extend(
            association(IS_RELATED_TO, item_link(epa), item_link(by_pk[competency.pk]))
            for competency in epa.competencies.all()
            if competency.pk in by_pk
        )

    document: dict[str, Any] = {
        "identifier": str(framework.identifier),
        "uri": document_uri,
        "creator": framework.creator,
        "title": framework.title,
        "lastChangeDateTime": changed,
        "version": framework.version,
        "description": framework.description,
        "language": framework.language,
        "adoptionStatus": ADOPTED,
    }
    if framework.source_uri:
        document["officialSourceURL"] = framework.source_uri
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


# Import: reading and checking the package ------------------------------------------------------


@dataclass
class _Item:
    identifier: uuid.UUID
    kind: str  # a Competency.Level value, or EPA_KIND
    statement: str
    code: str
    notes: str
    position: int
    placed: bool = False  # its first isChildOf has been read
    parent: uuid.UUID | None = None  # a competency's parent item; None under the document
    sequence: int | None = None
    competencies: list[uuid.UUID] = field(default_factory=list)  # an EPA's, in package order

    @property
    def sort_order(self) -> int:
        return self.sequence if self.sequence is not None else self.position


@dataclass
class _Package:
    identifier: uuid.UUID
    title: str
    creator: str
    description: str
    version: str
    language: str
    source_uri: str
    items: dict[uuid.UUID, _Item]

    def of_kind(self, *, epa: bool) -> list[_Item]:
        return [item for item in self.items.values() if (item.kind == EPA_KIND) == epa]


def _uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def _text(container: dict, key: str, *, where: str, node: Any, limit: int | None = None) -> str:
    """The text under `key`, stripped ("" if absent); numbers are taken as text (a version 2)."""
    value = container.get(key)
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    name = f"{where}.{key}"
    if not isinstance(value, str):
        raise ValidationError({name: ERROR_NOT_TEXT % {"field": key, "node": node}})
    value = value.strip()
    if limit is not None and len(value) > limit:
        raise ValidationError({name: ERROR_TOO_LONG % {"field": key, "node": node, "limit": limit}})
    return value


def _list(package: dict, key: str) -> list:
    value = package.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError({key: ERROR_NOT_A_LIST % {"field": key}})
    return value


def _item_kind(raw: dict) -> str:
    name = raw.get("CFItemType")
    type_link = raw.get("CFItemTypeURI")
    if not name and isinstance(type_link, dict):
        name = type_link.get("title")
    name = name.strip().lower() if isinstance(name, str) else ""
    if name in ROLE_TYPES:
        return Competency.Level.ROLE
    if name in MILESTONE_TYPES:
        return Competency.Level.MILESTONE
    if name in EPA_TYPES:
        return EPA_KIND
    return Competency.Level.COMPETENCY


def _read_items(raw_items: list, document_identifier: uuid.UUID) -> dict[uuid.UUID, _Item]:
    items: dict[uuid.UUID, _Item] = {}
    for position, raw in enumerate(raw_items, start=1):
        if not isinstance(raw, dict):
            raise ValidationError({"CFItems": ERROR_NOT_AN_OBJECT % {"field": "CFItems"}})
        identifier = _uuid(raw.get("identifier"))
        if identifier is None:
            raise ValidationError({"CFItems.identifier": ERROR_ITEM_IDENTIFIER % {"position": position}})
        if identifier in items or identifier == document_identifier:
            raise ValidationError({"CFItems.identifier": ERROR_DUPLICATE_IDENTIFIER % {"identifier": identifier}})
        kind = _item_kind(raw)
        statement_limit = EPA._meta.get_field("title").max_length if kind == EPA_KIND else None
        statement = _text(raw, "fullStatement", where="CFItems", node=identifier, limit=statement_limit)
        if not statement:
            raise ValidationError({"CFItems.fullStatement": ERROR_ITEM_STATEMENT % {"identifier": identifier}})
        items[identifier] = _Item(
            identifier=identifier,
            kind=kind,
            statement=statement,
            code=_text(
                raw,
                "humanCodingScheme",
                where="CFItems",
                node=identifier,
                limit=Competency._meta.get_field("code").max_length,
            ),
            notes=_text(raw, "notes", where="CFItems", node=identifier) if kind == EPA_KIND else "",
            position=position,
        )
    return items


def _node(raw: dict, key: str, *, association: Any, known: set[uuid.UUID], by_uri: dict[str, uuid.UUID]) -> uuid.UUID:
    """The identifier an association's end names (by identifier, else by uri), if it is in the
    package."""
    link = raw.get(key)
    identifier = None
    if isinstance(link, dict):
        identifier = _uuid(link.get("identifier"))
        if identifier is None and isinstance(link.get("uri"), str):
            identifier = by_uri.get(link["uri"])
        shown = link.get("identifier") or link.get("uri") or link
    else:
        shown = link
    if identifier is None or identifier not in known:
        raise ValidationError(
            {f"CFAssociations.{key}": ERROR_UNKNOWN_NODE % {"association": association, "node": shown}}
        )
    return identifier


def _read_associations(raw_associations: list, package: _Package, by_uri: dict[str, uuid.UUID]) -> None:
    """Place items in the tree and link EPAs to competencies, from isChildOf and isRelatedTo."""
    items = package.items
    known = set(items) | {package.identifier}
    for position, raw in enumerate(raw_associations, start=1):
        if not isinstance(raw, dict):
            raise ValidationError({"CFAssociations": ERROR_NOT_AN_OBJECT % {"field": "CFAssociations"}})
        kind = raw.get("associationType")
        if kind not in (IS_CHILD_OF, IS_RELATED_TO):
            continue
        label = raw.get("identifier") or position
        origin = _node(raw, "originNodeURI", association=label, known=known, by_uri=by_uri)
        destination = _node(raw, "destinationNodeURI", association=label, known=known, by_uri=by_uri)
        if origin == package.identifier:
            raise ValidationError({"CFAssociations.originNodeURI": ERROR_ORIGIN_IS_DOCUMENT % {"association": label}})
        child = items[origin]
        if kind == IS_CHILD_OF:
            if child.placed:
                continue  # CASE lets an item sit in several places; our tree keeps its first
            child.placed = True
            sequence = raw.get("sequenceNumber")
            usable = isinstance(sequence, int) and not isinstance(sequence, bool) and sequence >= 0
            child.sequence = sequence if usable else None
            if child.kind == EPA_KIND or destination == package.identifier:
                continue
            if items[destination].kind == EPA_KIND:
                raise ValidationError(
                    {"CFAssociations.destinationNodeURI": ERROR_PARENT_IS_EPA % {"association": label}}
                )
            child.parent = destination
        elif destination != package.identifier:
            other = items[destination]
            epa, competency = (child, other) if child.kind == EPA_KIND else (other, child)
            if epa.kind == EPA_KIND and competency.kind != EPA_KIND and competency.identifier not in epa.competencies:
                epa.competencies.append(competency.identifier)
    for item in package.of_kind(epa=False):
        seen = {item.identifier}
        parent = item.parent
        while parent is not None:
            if parent in seen:
                raise ValidationError({"CFAssociations": ERROR_CYCLE % {"identifier": parent}})
            seen.add(parent)
            parent = items[parent].parent


def _read_package(package: Any) -> _Package:
    if not isinstance(package, dict):
        raise ValidationError({"package": ERROR_NOT_A_PACKAGE})
    document = package.get("CFDocument")
    if not isinstance(document, dict):
        raise ValidationError({"CFDocument": ERROR_NO_DOCUMENT})
    identifier = _uuid(document.get("identifier"))
    if identifier is None:
        raise ValidationError({"CFDocument.identifier": ERROR_DOCUMENT_IDENTIFIER})

    def text(key: str, limit: int | None = None) -> str:
        return _text(document, key, where="CFDocument", node=identifier, limit=limit)

    def limit(name: str) -> int | None:
        return Framework._meta.get_field(name).max_length

    title = text("title", limit("title"))
    if not title:
        raise ValidationError({"CFDocument.title": ERROR_DOCUMENT_TITLE})
    source_limit = limit("source_uri")
    source_uri = text("officialSourceURL", source_limit)
    if not source_uri:
        uri = text("uri", source_limit)
        ours = uri.startswith(f"{settings.SITE_URL}/api/v1/competencies/frameworks/")
        source_uri = "" if ours else uri
    if source_uri and not source_uri.startswith(("https://", "http://")):
        source_uri = ""
    raw_items = _list(package, "CFItems")
    raw_associations = _list(package, "CFAssociations")
    parsed = _Package(
        identifier=identifier,
        title=title,
        creator=text("creator", limit("creator")),
        description=text("description"),
        version=text("version", limit("version")),
        language=text("language", limit("language")) or "en",
        source_uri=source_uri,
        items=_read_items(raw_items, identifier),
    )
    by_uri = {
        raw["uri"]: _uuid(raw["identifier"]) for raw in raw_items if isinstance(raw.get("uri"), str) and raw["uri"]
    }
    if isinstance(document.get("uri"), str):
        by_uri[document["uri"]] = identifier
    _read_associations(raw_associations, parsed, by_uri)
    return parsed


def _check_identifiers_free(package: _Package, framework: Framework | None) -> None:
    """An item's identifier is unique across frameworks: one already in another framework is
    refused, rather than moved."""
    for model, epa in ((Competency, False), (EPA, True)):
        taken = model.objects.filter(identifier__in=[item.identifier for item in package.of_kind(epa=epa)])
        if framework is not None:
            taken = taken.exclude(framework=framework)
        clash = taken.select_related("framework").first()
        if clash is not None:
            raise ValidationError(
                {
                    "CFItems.identifier": ERROR_IDENTIFIER_TAKEN
                    % {"identifier": clash.identifier, "framework": clash.framework.title}
                }
            )


# Import: writing -------------------------------------------------------------------------------


def _ottawa_scale() -> Scale:
    scale = Scale.objects.filter(name=OTTAWA).first()
    if scale is None:
        install_builtin_scales(Scale, ScaleLevel)
        scale = Scale.objects.get(name=OTTAWA)
    return scale


def _save_competencies(framework: Framework, package: _Package) -> dict[uuid.UUID, Competency]:
    """Update the framework's competencies that are in the package and add the new ones,
    parents before children so each row is saved once with its parent."""
    existing = {row.identifier: row for row in framework.competencies.all()}
    items = package.of_kind(epa=False)

    def depth(item: _Item) -> int:
        count, parent = 0, item.parent
        while parent is not None:
            count, parent = count + 1, package.items[parent].parent
        return count

    rows: dict[uuid.UUID, Competency] = {}
    for item in sorted(items, key=depth):
        row = existing.get(item.identifier) or Competency(framework=framework, identifier=item.identifier)
        row.statement = item.statement
        row.code = item.code
        row.level = item.kind
        row.sort_order = item.sort_order
        row.parent = rows[item.parent] if item.parent is not None else None
        row.save()
        rows[item.identifier] = row
    return rows


def _save_epas(framework: Framework, package: _Package, competencies: dict[uuid.UUID, Competency]) -> None:
    existing = {row.identifier: row for row in framework.epas.all()}
    scale = None
    for item in package.of_kind(epa=True):
        row = existing.get(item.identifier)
        if row is None:
            scale = scale or _ottawa_scale()
            row = EPA(framework=framework, identifier=item.identifier, scale=scale)
        row.title = item.statement
        row.code = item.code
        row.description = item.notes
        row.sort_order = item.sort_order
        row.save()
        row.competencies.set([competencies[identifier] for identifier in item.competencies])


def _remove_missing(framework: Framework, package: _Package) -> int:
    """Delete what the package no longer has, unless something points at it (evidence, a
    training link, an EPA, an assessment, a concern): that is kept, and so are its ancestors,
    since deleting a competency deletes the ones under it. Returns how many were kept."""
    gone_epas = framework.epas.exclude(identifier__in=[item.identifier for item in package.of_kind(epa=True)])
    used_epas = (
        set(TrainingLink.objects.filter(epa__in=gone_epas).values_list("epa_id", flat=True))
        | set(Assessment.objects.filter(epa__in=gone_epas).values_list("epa_id", flat=True))
        | set(Concern.objects.filter(epa__in=gone_epas).values_list("epa_id", flat=True))
    )
    kept = len(used_epas)
    gone_epas.exclude(pk__in=used_epas).delete()

    gone = dict(
        framework.competencies.exclude(
            identifier__in=[item.identifier for item in package.of_kind(epa=False)]
        ).values_list("pk", "parent_id")
    )
    gone_pks = list(gone)
    used = (
        set(Evidence.objects.filter(competency__in=gone_pks).values_list("competency_id", flat=True))
        | set(TrainingLink.objects.filter(competency__in=gone_pks).values_list("competency_id", flat=True))
        | set(EPA.competencies.through.objects.filter(competency__in=gone_pks).values_list("competency_id", flat=True))
    )
    keep: set[int] = set()
    for pk in used:
        while pk in gone and pk not in keep:
            keep.add(pk)
            pk = gone[pk]
    Competency.objects.filter(pk__in=set(gone) - keep).delete()
    return kept + len(keep)


@transaction.atomic
def import_package(*, actor: User | None, package: dict) -> Framework:
    """Import a CASE CFPackage as a framework, or update the framework with its document's
    identifier in place. The training office only (`actor=None` is a command or the system)."""
    services.require_coordinator(actor)
    parsed = _read_package(package)
    framework = Framework.objects.select_for_update().filter(identifier=parsed.identifier).first()
    _check_identifiers_free(parsed, framework)
    if framework is None:
        framework = Framework(identifier=parsed.identifier)
    framework.title = parsed.title
    framework.creator = parsed.creator
    framework.description = parsed.description
    framework.version = parsed.version
    framework.language = parsed.language
    if parsed.source_uri:
        framework.source_uri = parsed.source_uri
    framework.save()
    competencies = _save_competencies(framework, parsed)
    _save_epas(framework, parsed, competencies)
    kept = _remove_missing(framework, parsed)
    record_event(
        actor=actor,
        verb="framework.imported",
        target=framework,
        items=len(parsed.items),
        epas=len(parsed.of_kind(epa=True)),
        kept=kept,
    )
    return framework
