"""The role groups and the permissions each carries in the Wagtail and Django admins.

Run after every migrate (post_migrate) and by seed_demo, so a fresh database always has them.
"""

from django.contrib.auth.models import Group, Permission

from .models import Role

COORDINATOR_MODEL_PERMISSIONS = {
    "lms": ["institution", "sponsor"],
    "certificates": ["certificatetemplate", "signatory", "activity"],
    "simulation": ["scenario", "checklistitem", "room"],
    "fellowships": ["intake"],
    "live": ["series", "enduringactivity"],
    "competencies": ["framework", "competency", "epa", "scale", "scalelevel", "committee"],
}
COLLECTION_MODEL_PERMISSIONS = {
    "wagtailimages": ["image"],
    "wagtaildocs": ["document"],
}
EDITOR_MODEL_PERMISSIONS = {"cms": ["testimonial"], **COLLECTION_MODEL_PERMISSIONS}


def _model_permissions(spec: dict[str, list[str]]) -> list[Permission]:
    perms = []
    for app_label, models in spec.items():
        perms += Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
    return perms


def ensure_role_groups() -> dict[str, Group]:
    groups = {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role if role != Role.LEARNER}
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    # Both edit pages, so both may copy a page into another language to translate it.
    translate = Permission.objects.filter(content_type__app_label="simple_translation", codename="submit_translation")
    groups[Role.COORDINATOR].permissions.add(
        *access_admin, *translate, *_model_permissions(COORDINATOR_MODEL_PERMISSIONS)
    )
    groups[Role.EDITOR].permissions.add(*access_admin, *translate, *_model_permissions(EDITOR_MODEL_PERMISSIONS))
    _grant_pages(groups[Role.EDITOR])
    _grant_pages(groups[Role.COORDINATOR])  # programme pages live in the page tree
    return groups


def _grant_pages(group: Group) -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page", "delete_page"):
            permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for permission in _model_permissions(COLLECTION_MODEL_PERMISSIONS):
            if permission.codename.split("_")[0] in {"add", "change", "choose", "delete"}:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
