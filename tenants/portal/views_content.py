"""News (aktuality), the documents archive and the contact page: public and staff pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.common import files
from tenants.participation.selectors import groups_public
from tenants.portal import selectors, services
from tenants.portal.forms import DocumentForm, NewsForm
from tenants.portal.models import Document, NewsItem


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


# Public -------------------------------------------------------------------------------------

@public_page
def news_list(request):
    page = Paginator(selectors.news_published(), 10).get_page(request.GET.get("page"))
    return render(request, "portal/public/news_list.html", {"page": page})


@public_page
def news_detail(request, item_id):
    return render(request, "portal/public/news_detail.html",
                  {"item": selectors.news_public_get(item_id)})


@public_page
def archive(request):
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    if category not in Document.Category.values:
        category = ""
    page = Paginator(selectors.documents_search(query=query, category=category), 25).get_page(
        request.GET.get("page"))
    return render(request, "portal/public/archive.html", {
        "page": page, "query": query, "category": category,
        "categories": Document.Category.choices})


@public_page
def document_download(request, document_id):
    document = get_object_or_404(Document, pk=document_id)
    return files.serve(document.file, original_name=document.original_name,
                       content_type=document.content_type)


@public_page
def contact(request):
    return render(request, "portal/public/contact.html", {"groups": groups_public()})


# Staff --------------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def staff_news(request):
    from tenants.portal.models import NewsItem as Item

    page = Paginator(Item.objects.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    return render(request, "portal/staff/news_list.html", {"page": page,
                                                           "can_edit": _can_edit(request)})


@staff_page(Role.EDITOR)
def staff_news_form(request, item_id=None):
    item = get_object_or_404(NewsItem, pk=item_id) if item_id else None
    form = NewsForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.news_save(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The news item has been saved."))
            return redirect("portal:staff_news")
    return render(request, "portal/staff/news_form.html", {"form": form, "item": item},
                  status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def staff_news_delete(request, item_id):
    item = get_object_or_404(NewsItem, pk=item_id)
    if request.method == "POST":
        services.news_delete(user=request.user, item=item)
        messages.success(request, _("The news item has been deleted."))
        return redirect("portal:staff_news")
    return render(request, "staff/confirm.html", {
        "title": _("Delete “%(title)s”?") % {"title": item.title},
        "consequence": _("The news item disappears from the site for good."),
        "back": "/staff/news/", "button": _("Yes, delete")})


@staff_page(Role.VIEWER)
def staff_archive(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not _can_edit(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            try:
                services.document_upload(user=request.user, title=form.cleaned_data["title"],
                                         category=form.cleaned_data["category"],
                                         description=form.cleaned_data["description"],
                                         upload=form.cleaned_data["file"])
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The document has been uploaded."))
                return redirect("portal:staff_archive")
    page = Paginator(Document.objects.order_by("-uploaded_at"), 25).get_page(
        request.GET.get("page"))
    return render(request, "portal/staff/archive.html", {
        "page": page, "form": form, "can_edit": _can_edit(request)},
        status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def staff_document_delete(request, document_id):
    document = get_object_or_404(Document, pk=document_id)
    if request.method == "POST":
        services.document_delete(user=request.user, document=document)
        messages.success(request, _("The document has been deleted."))
        return redirect("portal:staff_archive")
    return render(request, "staff/confirm.html", {
        "title": _("Delete “%(title)s”?") % {"title": document.title},
        "consequence": _("The file is deleted and disappears from the documents archive."),
        "back": "/staff/archive/", "button": _("Yes, delete")})
