"""The municipality's public home page and the staff start page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import request_role
from hub.form_errors import form_add_service_error
from tenants.participation.selectors import meetings_upcoming
from tenants.plans.selectors import plans_in_force, plans_public
from tenants.portal import home_cache, selectors, services
from tenants.portal.forms import IntroductionForm


@public_page
def home(request):
    def build() -> str:
        return render_to_string(home_cache.TEMPLATE, {
            "introduction": selectors.introduction_get(),
            "plans_in_force": plans_in_force(),
            "plans_in_discussion": plans_public().filter(status="discussion"),
            "news": selectors.news_published()[:3],
            "meetings": meetings_upcoming()[:3],
        }, request)

    # The content is ours, rendered by the template engine with autoescaping: safe as HTML.
    content = home_cache.content(request.municipality, translation.get_language(), build)
    return render(request, "portal/home.html", {"content": mark_safe(content)})  # noqa: S308


@staff_page(Role.VIEWER)
def staff_home(request):
    return render(request, "portal/staff_home.html", {
        "introduction": selectors.introduction_get(),
        "worker_check": selectors.worker_check_latest(),
        "can_edit": Role.rank(request_role(request)) >= Role.rank(Role.EDITOR),
        "is_admin": Role.rank(request_role(request)) >= Role.rank(Role.ADMIN),
    })


@staff_page(Role.EDITOR)
def introduction_edit(request):
    intro = selectors.introduction_get()
    form = IntroductionForm(request.POST or None, instance=intro)
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_update(heading=form.cleaned_data["heading"],
                                         text=form.cleaned_data["text"], user=request.user)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The introduction has been saved."))
            return redirect("portal:staff_home")
    return render(request, "portal/introduction_form.html", {"form": form},
                  status=400 if form.errors else 200)


@staff_page(Role.EDITOR)
@require_POST
def worker_check(request):
    services.worker_check_request()
    messages.info(request, _("A background worker has been asked to check in. "
                             "Reload this page in a few seconds."))
    return redirect("portal:staff_home")
