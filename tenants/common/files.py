"""Uploaded files: an allow-list of types checked by extension and content, a size limit, a
random stored name, and a response that browsers will download or show but never execute."""

import codecs
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

# extension → (content type, leading bytes one of which the file must start with, inline?)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",), True),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, False),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, False),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP,
             False),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP, False),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP, False),
    "doc": ("application/msword", _OLE, False),
    "xls": ("application/vnd.ms-excel", _OLE, False),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), True),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",), True),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",), True),
    "txt": ("text/plain; charset=utf-8", None, False),
    "csv": ("text/csv; charset=utf-8", None, False),
}


def max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


@dataclass
class Checked:
    extension: str
    content_type: str
    original_name: str
    size: int


def check_upload(upload: UploadedFile) -> Checked:
    """Refuse a file too large or of a type not on the allow-list (by name and content)."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    name = os.path.basename(upload.name or "")[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > max_bytes():
        raise ValidationError({"file": _("The file is too large (%(size)s MB); the limit is "
                                         "%(limit)s MB.") % {
            "size": round(upload.size / 1048576, 1), "limit": max_bytes() // 1048576}})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if extension not in ALLOWED:
        raise ValidationError({"file": _("Files of this type cannot be uploaded. Allowed: "
                                         "%(types)s.") % {"types": ", ".join(sorted(ALLOWED))}})
    content_type, magic, _inline = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError({"file": _("The file's content does not match its type "
                                         "(.%(ext)s).") % {"ext": extension}})
    if magic is None:
        try:
            # Incremental: a multibyte letter cut off at the end of the sample is not an error.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < 2048)
        except UnicodeDecodeError:
            raise ValidationError({"file": _("A text file must be UTF-8 text.")}) from None
        if b"<script" in head.lower() or b"<html" in head.lower():
            raise ValidationError({"file": _("The file's content does not match its type "
                                             "(.%(ext)s).") % {"ext": extension}})
    return Checked(extension=extension, content_type=content_type, original_name=name,
                   size=upload.size)


def stored_name(checked: Checked) -> str:
    """A random name: nothing a user typed ends up in a path."""
    return f"{uuid.uuid4().hex}.{checked.extension}"


def serve(field_file, *, original_name: str, content_type: str) -> FileResponse:
    """Stream a stored file with its allow-listed type; never sniffed, never run as a page."""
    extension = original_name.rsplit(".", 1)[-1].lower() if "." in original_name else ""
    allowed = ALLOWED.get(extension)
    if allowed is None or allowed[0] != content_type:
        content_type, inline = "application/octet-stream", False
    else:
        inline = allowed[2]
    response = FileResponse(field_file.open("rb"), content_type=content_type,
                            as_attachment=not inline, filename=original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response

