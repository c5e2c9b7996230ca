"""The municipality's open data: the public /data/ page, its downloads and the admin's licence."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.form_errors import form_add_service_error
from hub.tenancy.urls import municipality_url
from tenants.portal import opendata, services
from tenants.portal.models import OpenDataSettings

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


class LicenceForm(forms.Form):
    licence = forms.ChoiceField(label=gettext_lazy("Licence"),
                                choices=OpenDataSettings.Licence.choices,
                                widget=forms.RadioSelect)


def _base_url(request) -> str:
    # The same addresses the platform's catalogue gives (hub/regional/opendata.py).
    return municipality_url(request.tenant, "/data/")


@public_page
def data_index(request):
    spdx, title, url = opendata.licence()
    counts = opendata.row_counts()
    datasets = [{"name": name, "title": meta[0], "description": meta[1],
                 "rows": counts[name]} for name, meta in opendata.DATASETS.items()]
    return render(request, "portal/public/open_data.html", {
        "datasets": datasets, "licence_title": title, "licence_url": url, "licence_id": spdx})


@public_page
def data_download(request, name, fmt):
    if name not in opendata.DATASETS or fmt not in opendata.FORMATS:
        raise Http404
    body = opendata.as_json(name) if fmt == "json" else opendata.as_csv(name)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
def data_package(request):
    package = opendata.datapackage(municipality_name=request.tenant.name,
                                   base_url=_base_url(request))
    response = HttpResponse(json.dumps(package, ensure_ascii=False, indent=1),
                            content_type=CONTENT_TYPES["json"])
    response["Access-Control-Allow-Origin"] = "*"
    return response


@staff_page(Role.ADMIN)
def licence_edit(request):
    current = OpenDataSettings.objects.values_list("licence", flat=True).first()
    form = LicenceForm(request.POST or None,
                       initial={"licence": current or OpenDataSettings.Licence.CC_BY})
    if request.method == "POST" and form.is_valid():
        try:
            services.open_data_licence_set(licence=form.cleaned_data["licence"],
                                           user=request.user)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The open data licence has been saved."))
            return redirect("portal:open_data_licence")
    return render(request, "portal/staff/open_data_licence.html", {"form": form},
                  status=400 if form.errors else 200)
