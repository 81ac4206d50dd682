"""Private file storage: no public URL, and resolved lazily so that a settings change (tests
move it to a temporary folder) reaches file fields too."""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no public URL at all: views that check who asks stream them."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_storage._wrapped = empty
