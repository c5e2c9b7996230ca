"""Writes of portal content and the worker check."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.regional.refresh import figures_changed
from tenants.portal.models import Introduction, OpenDataSettings, WorkerCheck
from workers import outbox


def introduction_update(*, heading: str, text: str, user) -> Introduction:
    intro = Introduction.objects.select_for_update().first() or Introduction()
    intro.heading, intro.text, intro.updated_by = heading.strip(), text.strip(), user
    intro.full_clean()
    intro.save()
    return intro


def worker_check_request() -> None:
    """Ask a worker to prove it can reach this municipality's schema (after commit)."""
    requested_at = timezone.now().isoformat()
    # The outbox (workers/outbox.py): with Redis down the check waits instead of failing.
    outbox.record(task_name="tenants.portal.worker_check_task",
                  key=f"portal.worker-check:{requested_at}",
                  kwargs={"source": WorkerCheck.Source.REQUEST, "requested_at": requested_at})


def worker_check_record(*, source: str, requested_at) -> WorkerCheck:
    check = WorkerCheck(source=source, requested_at=requested_at,
                        schema_name=connection.schema_name)
    check.full_clean()
    check.save()
    return check


# News ----------------------------------------------------------------------------------------

NEWS_FIELDS = ["title", "summary", "body", "published_at"]


@transaction.atomic
def news_save(*, user, item=None, title: str, summary: str = "", body: str = "",
              published_at=None):
    """Create or change a news item; without ``published_at`` it stays a draft."""
    from hub.richtext import sanitize
    from tenants.history.models import Change
    from tenants.history.services import change_record, snapshot
    from tenants.portal.models import NewsItem

    item = NewsItem.objects.select_for_update().get(pk=item.pk) if item else NewsItem()
    before = snapshot(item, NEWS_FIELDS) if item.pk else None
    item.title, item.summary, item.body = title.strip(), summary.strip(), sanitize(body)
    item.published_at, item.updated_by = published_at, user
    item.full_clean()
    item.save()
    change_record(obj=item, user=user, before=before, after=snapshot(item, NEWS_FIELDS),
                  action=Change.Action.UPDATED if before else Change.Action.CREATED)
    if item.published_at:
        # Once per item (the key), at its publishing time; a scheduled item waits for it.
        from django.urls import reverse

        from tenants.common import subscriptions

        subscriptions.notify(topics=[subscriptions.NEWS], key=f"news:{item.pk}",
                             title=item.title, path=reverse("portal:news_item", args=[item.pk]),
                             due_at=max(item.published_at, timezone.now()))
    return item


@transaction.atomic
def news_delete(*, user, item) -> None:
    from tenants.history.models import Change
    from tenants.history.services import change_record

    change_record(obj=item, user=user, action=Change.Action.DELETED)
    item.delete()


# Documents archive ----------------------------------------------------------------------------

@transaction.atomic
def document_upload(*, user, title: str, category: str, upload, description: str = ""):
    """Store an uploaded file after checking its size and type; a refused file stores nothing."""
    from tenants.common import files
    from tenants.history.models import Change
    from tenants.history.services import change_record
    from tenants.portal.models import Document

    checked = files.check_upload(upload)
    document = Document(title=title.strip() or checked.original_name, category=category,
                        description=description.strip(), original_name=checked.original_name,
                        content_type=checked.content_type, size=checked.size, uploaded_by=user)
    document.full_clean(exclude=["file"])
    upload.name = files.stored_name(checked)
    document.file = upload
    try:
        document.save()
        change_record(obj=document, user=user, action=Change.Action.CREATED,
                      extra={"category": [None, category], "size": [None, checked.size]})
    except Exception:
        # The row is rolled back; the written file must go too.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, user, document) -> None:
    from tenants.history.models import Change
    from tenants.history.services import change_record

    change_record(obj=document, user=user, action=Change.Action.DELETED)
    stored = document.file
    document.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# Accessibility statement and privacy notice ---------------------------------------------------

@transaction.atomic
def legal_notice_save(*, user, kind: str, text: str):
    """Store the municipality's own text (sanitised); an empty text brings the default back."""
    from hub.richtext import sanitize
    from tenants.portal.models import LegalNotice

    notice = LegalNotice.objects.select_for_update().filter(kind=kind).first() or \
        LegalNotice(kind=kind)
    notice.text, notice.updated_by = sanitize(text), user
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def open_data_licence_set(*, licence: str, user) -> OpenDataSettings:
    """Choose the open data licence; the platform's catalogue learns it with the next refresh
    of the regional read model, asked for here."""
    if licence not in OpenDataSettings.Licence.values:
        raise ValidationError({"licence": _("Choose one of the offered licences.")})
    row, _created = OpenDataSettings.objects.update_or_create(
        singleton=True, defaults={"licence": licence, "updated_by": user})
    figures_changed()
    return row
