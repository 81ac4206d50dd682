from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no public URL at all: views that check who asks stream them."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")
