"""Catalogue imports in two phases: a preview checks every row and writes nothing, keeping the
file under a token; the commit applies the kept file, all or nothing.

One flow for both kinds — a CSV/XLSX table (``tabular``) and the Czech registry's
``rpss.json`` (``rpss``) — called by the staff pages, and shaped to be called from a worker
task as well: a user id, bytes and a token go in, no request; the preview lives in the
municipality's cache (keys carry the schema) for PREVIEW_SECONDS.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tenants.catalogue import rpss, tabular
from tenants.catalogue.tabular import ImportResult

PREVIEW_SECONDS = 30 * 60
KINDS = ("table", "rpss")
# The most a preview may keep (the registry's national file is the larger one).
MAX_BYTES = {"table": tabular.MAX_BYTES, "rpss": rpss.MAX_RPSS_BYTES}


class PreviewExpired(ValidationError):
    """The token names no kept preview (expired, already committed, or another user's)."""

    def __init__(self):
        super().__init__(_("The preview has expired; upload the file again."), code="expired")


@dataclass
class ImportRun:
    result: ImportResult
    filename: str = ""
    token: str = ""  # a preview's, when every row is good: what the commit applies


def _key(kind: str, user_id: int, token: str) -> str:
    return f"catalogue-import:{kind}:{user_id}:{token}"


def _run(kind: str, *, user, data: bytes, filename: str, towns: list[str],
         commit: bool) -> ImportResult:
    if kind == "table":
        return tabular.catalogue_import(user=user, rows=tabular.read_table(data, filename),
                                        commit=commit)
    return rpss.rpss_import(user=user, data=data, towns=towns, commit=commit)


def import_preview(*, user_id: int, kind: str, data: bytes, filename: str = "",
                   towns: list[str] | None = None) -> ImportRun:
    """Check the whole file without writing; keep it for the commit when every row is good.
    An unreadable file raises ValidationError; bad rows are in the result."""
    if kind not in KINDS:
        raise ValueError(kind)
    user = get_user_model().objects.get(pk=user_id)
    towns = list(towns or [])
    result = _run(kind, user=user, data=data, filename=filename, towns=towns, commit=False)
    if not result.ok:
        return ImportRun(result=result, filename=filename)
    token = secrets.token_urlsafe(16)
    cache.set(_key(kind, user_id, token),
              {"data": data, "filename": filename, "towns": towns}, PREVIEW_SECONDS)
    return ImportRun(result=result, filename=filename, token=token)


def import_commit(*, user_id: int, kind: str, token: str) -> ImportRun:
    """Apply a kept preview, all or nothing; the token is spent once it has been applied.
    Raises PreviewExpired when the token names nothing this user may commit."""
    if kind not in KINDS:
        raise ValueError(kind)
    key = _key(kind, user_id, token)
    kept = cache.get(key) if token else None
    if kept is None:
        raise PreviewExpired()
    user = get_user_model().objects.get(pk=user_id)
    result = _run(kind, user=user, data=kept["data"], filename=kept["filename"],
                  towns=kept["towns"], commit=True)
    if result.committed:
        cache.delete(key)
    return ImportRun(result=result, filename=kept["filename"])
