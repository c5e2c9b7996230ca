"""Sign-in form with the lockout (django-axes, hub/accounts/lockout.py) and the
per-municipality membership check."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from hub.accounts.selectors import membership_role

LOCKED_OUT = ngettext_lazy(
    "Too many failed sign-in attempts. Please wait %(minutes)d minute and try again.",
    "Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again.",
    "minutes")


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                            "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        email, password = data.get("email"), data.get("password")
        if not email or not password:
            return data
        # Axes' backend refuses a locked-out account or address before the password is
        # checked, and counts a wrong password (in the database: no Redis involved).
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            if getattr(self.request, "axes_locked_out", False):
                self.request.signin_form_answered = True  # AxesMiddleware keeps this page
                raise forms.ValidationError(
                    LOCKED_OUT, code="throttled",
                    params={"minutes": settings.SIGNIN_WINDOW_SECONDS // 60})
            raise forms.ValidationError(_("The e-mail or the password is not correct."),
                                        code="invalid_login")
        municipality = getattr(self.request, "municipality", None)
        if municipality is not None and membership_role(user=user, municipality=municipality) is None:
            raise forms.ValidationError(
                _("This account has no access to %(municipality)s."),
                code="no_membership", params={"municipality": municipality.name},
            )
        self.user = user
        return data
