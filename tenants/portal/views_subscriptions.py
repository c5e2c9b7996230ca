"""Residents subscribe by e-mail to news, a working group's meetings and public discussions of
plans (double opt-in), confirm, and unsubscribe with one click (tenants/common/subscriptions)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from hub import ratelimit
from hub.accounts.access import public_page
from hub.form_errors import form_add_service_error
from hub.honeypot import HoneypotForm
from tenants.common import subscriptions
from tenants.participation import selectors as participation


class SubscribeForm(HoneypotForm):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"))
    topics = forms.MultipleChoiceField(label=gettext_lazy("Send me e-mails about"),
                                       widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(label=gettext_lazy(
        "I agree that the municipality keeps my e-mail address to send me these e-mails "
        "until I unsubscribe."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A working group's topic keeps the group's name as its label (for the e-mails).
        self.group_names = {subscriptions.group_topic(g.pk): g.name
                            for g in participation.groups_public()}
        self.fields["topics"].choices = (
            [(subscriptions.NEWS, _("News")),
             (subscriptions.DISCUSSIONS, _("Public discussions of plans"))]
            + [(topic, _("Meetings of the working group “%(group)s”") % {"group": name})
               for topic, name in self.group_names.items()])


@public_page
def subscribe(request):
    initial = {"topics": request.GET.getlist("topic")}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.caught_bot():
            return redirect("portal:subscribe")
        if not ratelimit.submission_allowed(request, action="subscribe", subject_id=0):
            form.add_error(None, ratelimit.LIMITS["subscribe"].message)
        else:
            topics = {t: form.group_names.get(t, "") for t in form.cleaned_data["topics"]}
            try:
                subscriptions.subscribe(email=form.cleaned_data["email"], topics=topics)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Thank you. We have sent you an e-mail: follow its "
                                            "link to confirm the subscription."))
                return redirect("portal:subscribe")
    return render(request, "portal/subscriptions/subscribe.html", {"form": form},
                  status=400 if form.errors else 200)


@public_page
def subscription_confirm(request, token):
    try:
        subscriptions.confirm(token=token)
    except ValidationError as error:
        return render(request, "portal/subscriptions/result.html",
                      {"ok": False, "text": " ".join(error.messages)}, status=400)
    return render(request, "portal/subscriptions/result.html", {
        "ok": True, "text": _("Your subscription is confirmed. Every e-mail has a link to "
                              "unsubscribe.")})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a form of ours
@public_page
def unsubscribe(request, token):
    if request.method == "POST":
        subscriptions.unsubscribe(token=token)
        return render(request, "portal/subscriptions/result.html", {
            "ok": True, "text": _("You have unsubscribed and your e-mail address has been "
                                  "deleted from this subscription.")})
    return render(request, "portal/subscriptions/unsubscribe.html", {"token": token})
