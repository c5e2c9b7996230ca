"""GDPR pages: a resident asks for a link to their data, downloads or erases them; the
municipality's admin does the same for an address and sets how long data are kept."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub import ratelimit
from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.form_errors import form_add_service_error
from hub.honeypot import HoneypotForm
from tenants.portal import privacy

KINDS = {"comment": gettext_lazy("comments on a draft plan"),
         "member": gettext_lazy("working group memberships and requests to join"),
         "registration": gettext_lazy("registrations for meetings"),
         "subscription": gettext_lazy("e-mail subscriptions"),
         "link_request": gettext_lazy("requests for this link")}


class EmailForm(HoneypotForm):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"))


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy(
        "I understand that the erasure cannot be undone."))


class LookupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the resident"))


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=gettext_lazy("Days personal data are kept"), min_value=1, max_value=3650,
        help_text=gettext_lazy("After a meeting: its registrations are deleted. After a public "
                               "discussion: the commenters' e-mail addresses are deleted."))


def _summary(export: dict) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for records in export["data"].values():
        for record in records:
            counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    return [(str(KINDS.get(kind, kind)), count) for kind, count in counts.items()]


def _json(export: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(export, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    response["Cache-Control"] = "no-store"
    return response


# The resident ---------------------------------------------------------------------------------

@public_page
def my_data_request(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.caught_bot():
            return redirect("portal:my_data_request")  # a bot; say nothing
        if not ratelimit.submission_allowed(request, action="privacy", subject_id=0):
            form.add_error(None, ratelimit.LIMITS["privacy"].message)
        else:
            try:
                privacy.link_request(email=form.cleaned_data["email"])
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                # The same words whether or not anything is held: the page tells no one
                # which addresses the municipality knows.
                messages.success(request, _(
                    "If we hold personal data about this address, we have sent it a link. "
                    "Open it to download or erase your data."))
                return redirect("portal:my_data_request")
    return render(request, "portal/privacy/request.html", {"form": form},
                  status=400 if form.errors else 200)


def _email_or_error(request, token):
    try:
        return privacy.email_from_token(token), None
    except ValidationError as error:
        return None, render(request, "portal/privacy/link_error.html",
                            {"error": error.messages[0]}, status=400)


@public_page
def my_data(request, token, form=None):
    email, error = _email_or_error(request, token)
    if error:
        return error
    export = privacy.personal_data_export(email=email)
    return render(request, "portal/privacy/my_data.html", {
        "email": email, "summary": _summary(export), "token": token,
        "form": form or EraseForm()}, status=400 if form is not None else 200)


@public_page
def my_data_export(request, token):
    email, error = _email_or_error(request, token)
    if error:
        return error
    return _json(privacy.personal_data_export(email=email))


@public_page
@require_POST
def my_data_erase(request, token):
    email, error = _email_or_error(request, token)
    if error:
        return error
    form = EraseForm(request.POST)
    if not form.is_valid():
        return my_data(request, token, form=form)
    privacy.personal_data_erase(email=email)
    messages.success(request, _("Your personal data have been erased."))
    return redirect("portal:my_data", token=token)


# Staff ----------------------------------------------------------------------------------------

@staff_page(Role.ADMIN)
def staff_privacy(request):
    """POST only carries the address (it never lands in a URL or an access log)."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    lookup = LookupForm(request.POST if action in ("look", "export", "erase") else None)
    erase = EraseForm(request.POST if action == "erase" else None)
    retention = RetentionForm(request.POST if action == "retention" else None,
                              initial={"retention_days": privacy.retention_days()})
    context = {"lookup": lookup, "erase": erase, "retention": retention}
    if action == "retention" and retention.is_valid():
        try:
            privacy.retention_set(user=request.user, days=retention.cleaned_data["retention_days"])
        except ValidationError as error:
            form_add_service_error(retention, error)
        else:
            messages.success(request, _("The retention period has been saved."))
            return redirect("portal:staff_privacy")
    if action in ("look", "export", "erase") and lookup.is_valid():
        email = lookup.cleaned_data["email"]
        if action == "export":
            return _json(privacy.personal_data_export(email=email))
        if action == "erase" and erase.is_valid():
            count = privacy.personal_data_erase(email=email)
            messages.success(request, _("Personal data of %(email)s erased (%(count)s "
                                        "records).") % {"email": email, "count": count})
            return redirect("portal:staff_privacy")
        context["summary"] = _summary(privacy.personal_data_export(email=email))
        context["email"] = email
    failed = any(f.errors for f in (lookup, erase, retention))
    return render(request, "portal/privacy/staff.html", context, status=400 if failed else 200)
