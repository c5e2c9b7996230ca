"""A municipality's admins make, see and revoke its API tokens (staff settings)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts import tokens
from hub.accounts.access import staff_page
from hub.accounts.models import ApiToken, Role
from hub.accounts.token_forms import TokenForm
from hub.form_errors import form_add_service_error


def _page(request, form, secret=None, status=200):
    listed = (ApiToken.objects.filter(municipality=request.municipality)
              .select_related("created_by"))
    response = render(request, "accounts/api_tokens.html", {
        "form": form, "tokens": listed, "secret": secret, "now": timezone.now(),
        "api_base": request.build_absolute_uri("/api/")}, status=status)
    if secret:
        # The secret is on this page only: no browser or proxy keeps a copy.
        response["Cache-Control"] = "no-store"
    return response


@staff_page(Role.ADMIN)
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, secret = tokens.token_create(
                municipality=request.municipality, user=request.user, name=data["name"],
                scope=data["scope"], resources=data["resources"], expires_at=form.expires_at())
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            return _page(request, TokenForm(), secret=secret, status=201)
    return _page(request, form, status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.ADMIN)
def token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, municipality=request.municipality,
                              revoked_at__isnull=True)
    if request.method == "POST":
        tokens.token_revoke(token=token, user=request.user)
        messages.success(request, _("The token “%(name)s” has been revoked.") % {
            "name": token.name})
        return redirect("api_tokens:list")
    return render(request, "staff/confirm.html", {
        "title": _("Revoke “%(name)s”?") % {"name": token.name},
        "consequence": _("Every call with this token is refused from now on. This cannot be "
                         "undone; make a new token if it is needed again."),
        "back": reverse("api_tokens:list"), "button": _("Yes, revoke")})
