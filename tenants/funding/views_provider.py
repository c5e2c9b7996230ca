"""The provider's own page behind a signed link: its services' applications in one open round,
and nothing else — no other provider's application, no other round."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hub import ratelimit
from hub.accounts.access import public_page
from hub.form_errors import form_add_service_error
from tenants.funding import forms, links, services
from tenants.funding.models import Application


@public_page
def provider_applications(request, token):
    round_, provider_id = links.provider_link_read(token)
    own = services.service_choices().filter(provider_id=provider_id).select_related("provider")
    if not own.exists():
        raise Http404
    service = None
    if request.GET.get("service", "").isdigit():
        service = own.filter(pk=int(request.GET["service"])).first()
        if service is None:
            raise Http404
    application = Application.objects.filter(round=round_, service=service).first() \
        if service else None
    form = forms.ProviderApplicationForm(request.POST or None, instance=application) \
        if service else None
    if service and request.method == "POST" and form.is_valid():
        if not ratelimit.submission_allowed(request, action="apply", subject_id=provider_id):
            form.add_error(None, ratelimit.LIMITS["apply"].message)
        else:
            try:
                services.application_save(user=None, round_=round_, application=application,
                                          service=None if application else service,
                                          **form.cleaned_data)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Your application has been saved. You may change "
                                            "it until applications close."))
                return redirect(request.path)
    applied = {a.service_id: a for a in Application.objects.filter(
        round=round_, service__in=own)}
    response = render(request, "funding/public/provider.html", {
        "round": round_, "services": [(s, applied.get(s.pk)) for s in own],
        "service": service, "form": form, "provider": own[0].provider},
        status=400 if form is not None and form.is_bound and form.errors else 200)
    # The link is the provider's key and the page its unpublished figures: kept by no cache.
    response["Cache-Control"] = "no-store"
    return response
