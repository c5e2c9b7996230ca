"""The accessibility statement and privacy notice: public pages and the admin's editor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.form_errors import form_add_service_error
from tenants.portal import selectors, services
from tenants.portal.forms import LegalNoticeForm
from tenants.portal.models import LegalNotice


def _kind(kind: str) -> str:
    if kind not in LegalNotice.Kind.values:
        raise Http404
    return kind


def _page(request, kind: str):
    return render(request, f"portal/legal/{kind}.html", {
        "own_text": selectors.legal_notice_text(kind),
        "country": request.municipality.country,
    })


@public_page
def accessibility(request):
    return _page(request, LegalNotice.Kind.ACCESSIBILITY)


@public_page
def privacy(request):
    return _page(request, LegalNotice.Kind.PRIVACY)


@staff_page(Role.ADMIN)
def legal_notice_edit(request, kind):
    kind = _kind(kind)
    form = LegalNoticeForm(request.POST or None,
                           initial={"text": selectors.legal_notice_text(kind)})
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_notice_save(user=request.user, kind=kind,
                                       text=form.cleaned_data["text"])
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The text has been saved."))
            return redirect(f"portal:{kind}")
    return render(request, "portal/legal/edit.html", {
        "form": form, "kind": kind, "title": LegalNotice.Kind(kind).label,
    }, status=400 if form.errors else 200)
