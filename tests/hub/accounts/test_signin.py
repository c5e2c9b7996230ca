"""Sign-in: per-municipality membership, rate limit, password validators, sessions per host."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def _signin(client, email, password):
    return client.post("/accounts/signin/", {"email": email, "password": password})


def test_member_signs_in_on_their_subdomain(alfa):
    client = client_for(alfa)
    response = _signin(client, "alfa.viewer@test.sk", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_account_without_membership_is_refused_there(alfa):
    client = client_for(alfa)
    response = _signin(client, "beta.admin@test.sk", PASSWORD)
    assert response.status_code == 400
    assert "nemá prístup" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_message_in_the_municipalitys_language(beta):
    response = _signin(client_for(beta), "beta.admin@test.sk", "zle-heslo")
    assert response.status_code == 400
    assert "E-mail nebo heslo není správné." in response.content.decode()


def test_sign_in_is_rate_limited_even_with_the_right_password(alfa, settings):
    client = client_for(alfa)
    for _ in range(settings.SIGNIN_MAX_FAILURES - 1):
        assert _signin(client, "alfa.admin@test.sk", "zle-heslo").status_code == 400
    # The failure that reaches the limit already says so.
    assert _signin(client, "alfa.admin@test.sk", "zle-heslo").status_code == 429
    response = _signin(client, "alfa.admin@test.sk", PASSWORD)
    assert response.status_code == 429
    assert ("Príliš veľa neúspešných pokusov o prihlásenie. Počkajte, prosím, 15 minút a skúste "
            "to znova.") in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from another address is not locked out by it.
    other = client_for(alfa)
    assert other.post("/accounts/signin/", {"email": "alfa.viewer@test.sk", "password": PASSWORD},
                      REMOTE_ADDR="10.9.8.7").status_code == 302


def test_attempts_from_one_address_are_capped_across_accounts(alfa, settings):
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 3
    client = client_for(alfa)
    for n in range(3):
        _signin(client, f"nikto{n}@test.sk", "zle-heslo")
    response = _signin(client, "alfa.viewer@test.sk", PASSWORD)
    assert response.status_code == 429 and "Príliš veľa" in response.content.decode()
    # The same account from another address signs in.
    assert client_for(alfa).post("/accounts/signin/", {"email": "alfa.viewer@test.sk",
                                                       "password": PASSWORD},
                                 REMOTE_ADDR="10.1.1.1").status_code == 302


def test_open_redirect_after_signin_is_refused(alfa):
    client = client_for(alfa)
    response = client.post("/accounts/signin/?next=https://evil.example/",
                           {"email": "alfa.viewer@test.sk", "password": PASSWORD,
                            "next": "https://evil.example/"})
    assert response["Location"] == "/staff/"


def test_password_validators_are_on():
    for weak in ("heslo", "1234567890", "password123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password(PASSWORD)


def test_coordinator_signs_in_on_the_platform_domain(alfa):
    from hub.accounts.models import CoordinatorAssignment, User
    from hub.municipalities.models import Region

    user = User.objects.get(email="nobody@test.sk")
    CoordinatorAssignment.objects.create(user=user, area=Region.objects.get(code="t-kraj"))
    client = client_for()
    assert _signin(client, "nobody@test.sk", PASSWORD)["Location"] == "/"
    page = client.get("/my/").content.decode()
    assert "Testovací kraj" in page
    assert "Alfa" not in page  # not a member there


def test_signout_needs_post(alfa):
    client = client_for(alfa)
    _signin(client, "alfa.viewer@test.sk", PASSWORD)
    assert client.get("/accounts/signout/").status_code == 405
    client.post("/accounts/signout/")
    assert client.get("/staff/").status_code == 302
