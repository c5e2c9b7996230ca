"""Where municipalities' files live: one prefix per schema, on a local disk or in S3.

Both backends keep each municipality under its own schema name (``<root>/<schema>/…``), so a
name stored in one schema never reaches another's files. Neither hands out URLs: files are
served only by the app's views, with their access checks and safe headers
(tenants/common/files.py, tenants/documents/views.py) — ``url()`` refuses.

Writes are whole or absent. On the filesystem a file is written to a temporary name, flushed
to disk and then linked under its final name, so a reader (or a crash) never meets half a
file under a name a row could point at. In S3 an object becomes visible only when its upload
completes (PutObject, or CompleteMultipartUpload for large files). Callers write under a new,
unique name first and create the row that refers to it afterwards (documents, uploads).
"""

import os
import posixpath
import uuid

from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django_tenants.files.storage import TenantFileSystemStorage as _TenantFileSystemStorage
from storages.backends.s3 import S3Storage


class NoPublicUrls:
    def url(self, name, *args, **kwargs):
        raise NotImplementedError(
            "Municipalities' files are served through the app's views, never by URL.")


class TenantFileSystemStorage(NoPublicUrls, _TenantFileSystemStorage):
    """MEDIA_ROOT/<schema>/<name>, written atomically and durably."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        temporary = os.path.join(directory, f".part-{uuid.uuid4().hex}")
        try:
            with open(temporary, "wb") as handle:
                if hasattr(content, "chunks"):
                    for chunk in content.chunks():
                        handle.write(chunk)
                else:
                    handle.write(content.read())
                handle.flush()
                os.fsync(handle.fileno())
            while True:
                try:
                    # link() fails when the name exists: a file is never replaced by another.
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")


class TenantS3Storage(NoPublicUrls, S3Storage):
    """s3://<bucket>/<S3_PREFIX>/<schema>/<name>: private objects, never overwritten."""

    default_acl = "private"
    file_overwrite = False
    querystring_auth = True
    _root = ""

    def __init__(self, **settings):
        settings.setdefault("default_acl", "private")
        settings.setdefault("file_overwrite", False)
        super().__init__(**settings)

    # django-storages reads `location` once as a setting; here it follows the schema of the
    # connection in use, like django-tenants' filesystem storage.
    @property
    def location(self):
        schema = connection.schema_name
        if not schema or "/" in schema:
            raise SuspiciousFileOperation("No municipality schema to store files under.")
        return posixpath.join(self._root, schema) if self._root else schema

    @location.setter
    def location(self, value):
        self._root = (value or "").strip("/")
