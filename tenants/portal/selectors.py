"""Reads of portal content."""

from tenants.portal.models import Introduction, WorkerCheck


def introduction_get() -> Introduction | None:
    return Introduction.objects.first()


def worker_check_latest() -> WorkerCheck | None:
    return WorkerCheck.objects.order_by("-completed_at").first()


def news_published():
    from django.utils import timezone

    from tenants.portal.models import NewsItem

    return NewsItem.objects.filter(published_at__isnull=False,
                                   published_at__lte=timezone.now()).order_by("-published_at")


def news_public_get(item_id: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(news_published(), pk=item_id)


def documents_search(*, query: str = "", category: str = ""):
    from django.db.models import Q

    from tenants.portal.models import Document

    documents = Document.objects.all()
    if category:
        documents = documents.filter(category=category)
    if query:
        documents = documents.filter(Q(title__unaccent__icontains=query)
                                     | Q(description__unaccent__icontains=query))
    return documents.order_by("-uploaded_at")


def legal_notice_text(kind: str) -> str:
    """The municipality's own text of a legal notice, or "" when the default applies."""
    from tenants.portal.models import LegalNotice

    return LegalNotice.objects.filter(kind=kind).values_list("text", flat=True).first() or ""
