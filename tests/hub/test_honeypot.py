"""The honeypot shared by the public forms: hidden from people and screen readers, out of the
tab order, and a bot that fills it in is answered as usual while nothing is saved."""

import pytest
from django_tenants.utils import tenant_context

from hub.honeypot import HoneypotForm
from tenants.common.models import Subscription
from tenants.participation.forms import JoinForm, RegistrationForm
from tenants.plans.forms import CommentForm
from tenants.portal.models import PrivacyLinkRequest
from tenants.portal.views_privacy import EmailForm
from tenants.portal.views_subscriptions import SubscribeForm
from tests.conftest import client_for

PUBLIC_FORMS = [JoinForm, RegistrationForm, CommentForm, EmailForm, SubscribeForm]


@pytest.mark.parametrize("form_class", PUBLIC_FORMS, ids=lambda f: f.__name__)
def test_every_public_form_has_the_one_honeypot(form_class):
    assert issubclass(form_class, HoneypotForm)
    assert form_class.base_fields["website"].widget.is_hidden


def test_the_honeypot_is_rendered_off_screen_and_out_of_the_tab_order():
    html = str(EmailForm()["website"])
    assert html.startswith('<div class="hp" aria-hidden="true"><input type="text"')
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html


@pytest.mark.django_db
def test_a_bot_is_answered_as_usual_and_nothing_is_saved(alfa):
    client = client_for(alfa)
    page = client.get("/subscribe/").content.decode()
    # includes/field.html gives the honeypot no label and no field box.
    assert page.count('name="website"') == 1 and 'for="id_website"' not in page
    bot = {"email": "bot@example.org", "consent": "on", "topics": ["news"],
           "website": "http://spam.example"}
    assert client.post("/subscribe/", bot).status_code == 302
    assert client.post("/privacy/my-data/", bot).status_code == 302
    with tenant_context(alfa):
        assert not Subscription.objects.exists()
        assert not PrivacyLinkRequest.objects.exists()
