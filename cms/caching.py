"""Reads that depend only on the page tree (filter choices, a page's links in other
languages) are cached in the shared cache under a version that any change to pages, their
view restrictions, sites or locales replaces. A change made through one web node is seen by
every other at its next request: nothing is kept in a process."""

from collections.abc import Callable
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "pages-version"
TIMEOUT = 24 * 60 * 60
WATCHED = (Page, PageViewRestriction, Site, Locale)


def cached_for_pages(key: str, build: Callable[[], Any]) -> Any:
    version = cache.get_or_set(VERSION_KEY, lambda: uuid4().hex, None)
    versioned = f"{key}:{version}"
    value = cache.get(versioned)
    if value is None:
        value = build()
        cache.set(versioned, value, TIMEOUT)
    return value


def forget_page_reads(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid4().hex, None)


def _on_model_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, WATCHED):
        forget_page_reads()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_page_reads, dispatch_uid=f"cms-caching-{signal!r}")
    post_save.connect(_on_model_change, dispatch_uid="cms-caching-save")
    post_delete.connect(_on_model_change, dispatch_uid="cms-caching-delete")
