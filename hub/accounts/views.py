"""Sign-in and sign-out, the same on the platform domain and on every municipality's subdomain."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from hub.accounts.access import public_page
from hub.accounts.forms import SignInForm
from hub.accounts.handoff import end_sessions_everywhere


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/staff/" if getattr(request, "municipality", None) else "/"


@public_page
@never_cache
@csrf_protect
def signin(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(_next_url(request))
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(request, "accounts/signin.html",
                  {"form": form, "next": request.GET.get("next", "")}, status=status)


@public_page
@require_POST
def signout(request):
    # Everywhere: the sessions on the other hosts this account was handed to end too.
    if request.user.is_authenticated:
        end_sessions_everywhere(request.user)
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("/")
