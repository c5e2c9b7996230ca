"""A coordinator makes, sees and revokes their tokens for the regional API (platform domain)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts import coordinator_tokens
from hub.accounts.access import coordinator_page
from hub.accounts.models import CoordinatorToken
from hub.accounts.selectors import coordinated_areas
from hub.accounts.token_forms import TokenExpiryForm
from hub.form_errors import form_add_service_error


class CoordinatorTokenForm(TokenExpiryForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, help_text=gettext_lazy(
        "Who uses it and what for, e.g. “Regional office dashboard”."))
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Areas"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every area you coordinate, also those assigned "
                               "later. A region includes its districts."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = coordinated_areas(user=user)


def _page(request, form, secret=None, status=200):
    response = render(request, "regional/tokens.html", {
        "form": form, "tokens": coordinator_tokens.tokens_of(user=request.user),
        "secret": secret, "now": timezone.now(),
        "api_base": request.build_absolute_uri("/regions/api/")}, status=status)
    if secret:
        response["Cache-Control"] = "no-store"  # the secret is on this page only
    return response


@coordinator_page
def token_list(request):
    if not coordinated_areas(user=request.user).exists():
        raise PermissionDenied
    form = CoordinatorTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, secret = coordinator_tokens.token_create(
                user=request.user, name=data["name"], areas=list(data["areas"]),
                expires_at=form.expires_at())
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            return _page(request, CoordinatorTokenForm(user=request.user), secret=secret,
                         status=201)
    return _page(request, form, status=400 if form.is_bound and form.errors else 200)


@coordinator_page
def token_revoke(request, token_id):
    # Another coordinator's token is as unknown as one that does not exist.
    token = get_object_or_404(CoordinatorToken, pk=token_id, created_by=request.user,
                              revoked_at__isnull=True)
    if request.method == "POST":
        coordinator_tokens.token_revoke(token=token, user=request.user)
        messages.success(request, _("The token “%(name)s” has been revoked.") % {
            "name": token.name})
        return redirect("regional:tokens")
    return render(request, "staff/confirm.html", {
        "title": _("Revoke “%(name)s”?") % {"name": token.name},
        "consequence": _("Every call with this token is refused from now on. This cannot be "
                         "undone; make a new token if it is needed again."),
        "back": reverse("regional:tokens"), "button": _("Yes, revoke")})
