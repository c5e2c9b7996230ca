"""The one-municipality archive: a tar file with a manifest, the schema's tables, its public
rows and its files; read back only after every member is checked against the manifest.

Layout: ``manifest.json`` (format, slug, schema, migration fingerprint, and for each table its
columns, row count and SHA-256), ``tables/<table>.copy`` (PostgreSQL COPY text format),
``public.json`` (the registry rows, accounts and read-model rows) and ``files/<name>`` (the
municipality's stored files). Plain tar, no compression: table data compress well, files
(PDFs, images) hardly; compress the archive on its way to storage if wanted.
"""

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

FORMAT = "komplan-municipality/1"
MANIFEST = "manifest.json"
PUBLIC = "public.json"


class ArchiveError(Exception):
    """The archive cannot be imported; the message says why, in the user's language."""


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


class ArchiveWriter:
    """Adds members to a new tar file and records each one's checksum for the manifest."""

    def __init__(self, path: Path):
        self.path = path
        self.tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)
        self.checksums: dict[str, str] = {}

    def add(self, name: str, handle: IO[bytes], size: int) -> None:
        handle.seek(0)
        self.checksums[name] = _sha256(handle)
        handle.seek(0)
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        self.tar.addfile(info, handle)

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add(name, io.BytesIO(data), len(data))

    def close(self, manifest: dict) -> None:
        manifest = {**manifest, "checksums": self.checksums}
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()

    def abort(self) -> None:
        self.tar.close()
        self.path.unlink(missing_ok=True)


@dataclass
class Archive:
    """An opened archive whose members all match the manifest's checksums."""

    tar: tarfile.TarFile
    manifest: dict

    @classmethod
    def open(cls, path: Path) -> "Archive":
        try:
            tar = tarfile.open(path, "r:")
        except (OSError, tarfile.TarError) as error:
            raise ArchiveError(_("The file %(path)s is not a municipality archive (%(error)s).")
                               % {"path": path, "error": error}) from error
        archive = cls(tar, {})
        try:
            archive.manifest = json.loads(archive._read_member(MANIFEST).decode())
        except ValueError as error:
            raise ArchiveError(_("The archive's manifest is damaged.")) from error
        if not isinstance(archive.manifest, dict) or archive.manifest.get("format") != FORMAT:
            raise ArchiveError(_("The archive is not in the format %(format)s.")
                               % {"format": FORMAT})
        archive._verify()
        return archive

    def _member(self, name: str) -> tarfile.TarInfo:
        try:
            member = self.tar.getmember(name)
        except KeyError:
            raise ArchiveError(_("The archive lacks %(name)s.") % {"name": name}) from None
        if not member.isfile():
            raise ArchiveError(_("The archive lacks %(name)s.") % {"name": name})
        return member

    def _read_member(self, name: str) -> bytes:
        return self.tar.extractfile(self._member(name)).read()

    def _verify(self) -> None:
        checksums = self.manifest.get("checksums") or {}
        expected = {f"tables/{t['name']}.copy" for t in self.manifest.get("tables", [])}
        expected |= {f"files/{f}" for f in self.manifest.get("files", [])} | {PUBLIC}
        if not expected <= set(checksums):
            raise ArchiveError(_("The archive's manifest is damaged."))
        for name, checksum in checksums.items():
            if _sha256(self.open_member(name)) != checksum:
                raise ArchiveError(_("%(name)s in the archive is damaged (its checksum differs).")
                                   % {"name": name})

    def open_member(self, name: str) -> IO[bytes]:
        return self.tar.extractfile(self._member(name))

    def size(self, name: str) -> int:
        return self._member(name).size

    def public(self) -> dict:
        return json.loads(self._read_member(PUBLIC).decode())

    def close(self) -> None:
        self.tar.close()
