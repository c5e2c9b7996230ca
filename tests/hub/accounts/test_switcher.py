"""The staff header's municipality switcher: an account with several memberships moves to
another of its municipalities through the sign-in handoff; nobody sees places that are not
theirs."""

import pytest

from hub.accounts.models import Membership, User
from tests.conftest import PASSWORD, account, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(alfa, beta):
    user = User.objects.create_user("orp.koordinator@test.sk", PASSWORD)
    Membership.objects.create(user=user, municipality=alfa, role="admin")
    Membership.objects.create(user=user, municipality=beta, role="editor")
    return user


def test_the_switcher_lists_the_other_municipalities_and_hands_off(alfa, coordinator):
    client = client_for(alfa, coordinator)
    page = client.get("/staff/").content.decode()
    assert '<summary>Iná obec</summary>' in page
    assert 'href="/accounts/go/?place=beta&amp;next=/staff/">Beta</a>' in page
    assert "place=alfa" not in page
    response = client.get("/accounts/go/?place=beta&next=/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("http://beta.localhost")
    assert "/accounts/handoff/?token=" in response["Location"]


@pytest.mark.parametrize("email", [None, "alfa.editor@test.sk"])
def test_no_switcher_without_other_memberships(alfa, coordinator, email):
    client = client_for(alfa, account(email) if email else None)
    for path in ("/", "/staff/"):
        page = client.get(path, follow=True).content.decode()
        assert "Iná obec" not in page and "place=beta" not in page


def test_a_place_without_membership_is_not_offered_and_refused(alfa, beta):
    client = client_for(alfa, account("alfa.admin@test.sk"))
    assert "place=beta" not in client.get("/staff/").content.decode()
    assert client.get("/accounts/go/?place=beta&next=/staff/").status_code == 404
