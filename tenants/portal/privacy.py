"""GDPR for residents without an account: what the municipality holds about an e-mail address
(export), erasure, the signed link that lets a resident do both, and the nightly retention
purge. Each tenant app says what it holds through its ``personal_data`` module
(hub/plugins.py); everything here runs in the current municipality's schema only, so another
municipality's data is never read or touched.
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import plugins
from tenants.portal.models import PrivacyLinkRequest, PrivacySettings
from workers import outbox

LINK_SALT = "portal.privacy-link"
LINK_DAYS = 7


def _normalised(email: str) -> str:
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("Enter a valid e-mail address.")})
    return email


def retention_days() -> int:
    days = PrivacySettings.objects.values_list("retention_days", flat=True).first()
    return days or PrivacySettings.DEFAULT_RETENTION_DAYS


@transaction.atomic
def retention_set(*, user, days: int) -> PrivacySettings:
    settings_row = PrivacySettings.objects.select_for_update().first() or PrivacySettings()
    settings_row.retention_days, settings_row.updated_by = days, user
    settings_row.full_clean()
    settings_row.save()
    return settings_row


def personal_data_export(*, email: str) -> dict:
    """Everything this municipality holds about the address, per app (JSON-ready)."""
    email = _normalised(email)
    held = {config.label: module.export(email)
            for config, module in plugins.offered("personal_data")}
    held["portal"] = [{"kind": "link_request", "email": r.email,
                       "created_at": r.created_at.isoformat()}
                      for r in PrivacyLinkRequest.objects.filter(email__iexact=email)]
    return {"municipality": connection.tenant.name, "email": email,
            "exported_at": timezone.now().isoformat(),
            "data": {label: records for label, records in held.items() if records}}


@transaction.atomic
def personal_data_erase(*, email: str) -> int:
    """Erase (or anonymise, where the app's public record keeps the content) everything about
    the address, all apps in one transaction: all or nothing. Returns the records touched."""
    email = _normalised(email)
    erased = sum(module.erase(email) for _config, module in plugins.offered("personal_data"))
    deleted, _kinds = PrivacyLinkRequest.objects.filter(email__iexact=email).delete()
    return erased + deleted


@transaction.atomic
def personal_data_purge(*, today: datetime.date | None = None) -> int:
    """The nightly retention purge of this municipality (tasks.privacy_purge_task)."""
    today = today or timezone.localdate()
    days = retention_days()
    purged = sum(module.purge(today=today, retention_days=days)
                 for _config, module in plugins.offered("personal_data"))
    expired = timezone.now() - datetime.timedelta(days=LINK_DAYS)
    deleted, _kinds = PrivacyLinkRequest.objects.filter(created_at__lt=expired).delete()
    return purged + deleted


# The resident's link ---------------------------------------------------------------------------

def link_token(email: str) -> str:
    """A signed token naming the address and this municipality's schema: valid here only."""
    return signing.dumps({"e": email, "s": connection.schema_name}, salt=LINK_SALT,
                         compress=True)


def email_from_token(token: str) -> str:
    try:
        data = signing.loads(token, salt=LINK_SALT,
                             max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.SignatureExpired:
        raise ValidationError(_("The link has expired. Please ask for a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("The link is not valid.")) from None
    if data.get("s") != connection.schema_name or not data.get("e"):
        raise ValidationError(_("The link is not valid."))
    return data["e"]


@transaction.atomic
def link_request(*, email: str) -> PrivacyLinkRequest:
    """A resident asks for the link; the worker sends it after commit — only when the
    municipality holds something about the address (the page says the same either way)."""
    request = PrivacyLinkRequest.objects.create(email=_normalised(email))
    outbox.record(task_name="tenants.portal.privacy_link_mail_task",
                  key=f"portal.privacy-link:{request.pk}", kwargs={"request_id": request.pk})
    return request


@transaction.atomic
def link_request_claim(*, request_id: int) -> PrivacyLinkRequest | None:
    """Mark the request as sent (once); None when it was sent already or is gone. The
    message leaves after this commit, under no lock."""
    request = PrivacyLinkRequest.objects.select_for_update().filter(
        pk=request_id, sent_at__isnull=True).first()
    if request is None:
        return None
    request.sent_at = timezone.now()
    request.save(update_fields=["sent_at"])
    return request


def holds_anything(email: str) -> bool:
    return any(module.export(email) for _config, module in plugins.offered("personal_data"))
