"""The two token forms (a municipality's API token, a coordinator's regional token) share one
expiry: last on the form, never in the past, the end of the chosen day."""

import datetime

import pytest
from django.utils import timezone

from hub.accounts.token_forms import TokenExpiryForm, TokenForm
from hub.regional.views_tokens import CoordinatorTokenForm
from tests.hub.regional.conftest import coordinator

pytestmark = pytest.mark.django_db


def _forms(data=None):
    return [TokenForm(data), CoordinatorTokenForm(data, user=coordinator("koord.forms@test.sk"))]


def test_both_forms_share_the_expiry_last_on_the_form():
    for form in _forms():
        assert isinstance(form, TokenExpiryForm)
        names = list(form.fields)
        assert (names[0], names[-1]) == ("name", "expires_on")


def test_a_past_day_is_refused_and_a_future_one_ends_at_its_midnight():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for form in _forms({"name": "Web", "scope": "read", "expires_on": yesterday.isoformat()}):
        assert not form.is_valid()
        assert form.errors["expires_on"] == ["Dátum konca platnosti musí byť v budúcnosti."]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = TokenForm({"name": "Web", "scope": "read", "expires_on": tomorrow.isoformat()})
    assert form.is_valid()
    assert timezone.localtime(form.expires_at()).date() == tomorrow + datetime.timedelta(days=1)
    assert timezone.localtime(form.expires_at()).time() == datetime.time.min
