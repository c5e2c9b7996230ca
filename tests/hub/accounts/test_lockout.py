"""The sign-in lockout (django-axes, counted in PostgreSQL): per account and per address, what
a lockout covers, how it ends (by time, by an operator), and that Redis plays no part."""

import datetime
import socket

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.utils import timezone

from hub import redis_guard
from hub.accounts.models import User
from hub.tenancy import domain_cache
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def _signin(client, email, password, address="127.0.0.1"):
    return client.post("/accounts/signin/", {"email": email, "password": password},
                       REMOTE_ADDR=address)


def test_twenty_failures_from_one_address_do_not_lock_out_another_address(alfa):
    client = client_for(alfa)
    for n in range(20):  # 20 different accounts: no account reaches its own limit of 5
        _signin(client, f"hadam{n}@test.sk", "zle-heslo", address="198.51.100.1")
    assert _signin(client, "alfa.viewer@test.sk", PASSWORD,
                   address="198.51.100.1").status_code == 429
    other = client_for(alfa)
    assert _signin(other, "alfa.viewer@test.sk", PASSWORD,
                   address="198.51.100.2").status_code == 302


def test_a_locked_account_is_locked_on_every_host(alfa, beta):
    """Accounts are platform-wide, so is their lockout: failures on one municipality's
    address count on another's and on the platform domain."""
    attacker = client_for(alfa)
    for _ in range(5):
        _signin(attacker, "beta.admin@test.sk", "zle-heslo", address="198.51.100.1")
    for place in (beta, None):
        response = _signin(client_for(place), "beta.admin@test.sk", PASSWORD,
                           address="198.51.100.9")
        assert response.status_code == 429, place
    # Other accounts of that municipality are not affected.
    assert _signin(client_for(alfa), "alfa.admin@test.sk", PASSWORD,
                   address="198.51.100.9").status_code == 302


def test_the_lockout_message_is_in_the_municipalitys_language(beta):
    client = client_for(beta)
    for _ in range(5):
        _signin(client, "beta.admin@test.sk", "zle-heslo")
    response = _signin(client, "beta.admin@test.sk", PASSWORD)
    assert response.status_code == 429
    assert ("Příliš mnoho neúspěšných pokusů o přihlášení. Počkejte prosím 15 minut a zkuste "
            "to znovu.") in response.content.decode()


def test_the_lockout_ends_after_the_window(alfa, settings):
    client = client_for(alfa)
    for _ in range(5):
        _signin(client, "alfa.admin@test.sk", "zle-heslo")
    assert _signin(client, "alfa.admin@test.sk", PASSWORD).status_code == 429
    # Trying while locked out counted nothing more.
    assert list(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == [5]
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(
        seconds=settings.SIGNIN_WINDOW_SECONDS + 1))
    assert _signin(client, "alfa.admin@test.sk", PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0  # the success forgot the account's failures


def test_an_operator_unlocks_in_the_admin(alfa):
    client = client_for(alfa)
    for _ in range(5):
        _signin(client, "alfa.admin@test.sk", "zle-heslo")
    connection.set_schema_to_public()  # the operator's session belongs in public
    operator = client_for(None, User.objects.create_superuser("operator@test.sk", PASSWORD))
    listing = operator.get("/admin/accounts/failedsignin/")
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "alfa.admin@test.sk" in page and "Zablokované do" in page
    assert "Odblokovať (zabudnúť tieto neúspešné prihlásenia)" in page
    response = operator.post("/admin/accounts/failedsignin/", {
        "action": "unlock", "_selected_action": list(AccessAttempt.objects.values_list(
            "pk", flat=True))}, follow=True)
    assert "Zmazaný 1 záznam neúspešných prihlásení" in response.content.decode()
    assert AccessAttempt.objects.count() == 0
    assert _signin(client, "alfa.admin@test.sk", PASSWORD).status_code == 302


def test_the_admins_own_login_is_locked_too(alfa):
    User.objects.create_superuser("operator@test.sk", PASSWORD)
    client = client_for(None)
    for _ in range(5):
        client.post("/admin/login/", {"username": "operator@test.sk", "password": "zle"})
    response = client.post("/admin/login/", {"username": "operator@test.sk",
                                             "password": PASSWORD})
    assert response.status_code == 429
    assert "Príliš veľa neúspešných pokusov" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_forgets_the_accounts_failures_not_the_addresss(alfa, settings):
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 6
    client = client_for(alfa)
    for _ in range(3):
        _signin(client, "niekto@test.sk", "zle-heslo")
    for _ in range(2):
        _signin(client, "alfa.viewer@test.sk", "zle-heslo")
    assert _signin(client, "alfa.viewer@test.sk", PASSWORD).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("niekto@test.sk", 3)]


def test_the_lockout_holds_with_redis_down(alfa, settings):
    """Counts are rows in PostgreSQL: taking Redis away neither lets the right password of a
    locked account in nor stops the counting."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    settings.REDIS_URL = dead
    settings.CACHES = {alias: {**conf, "LOCATION": dead} for alias, conf in settings.CACHES.items()}
    redis_guard.reset_all()
    domain_cache.local_clear()
    client = client_for(alfa)
    for _ in range(5):
        _signin(client, "alfa.admin@test.sk", "zle-heslo")
    assert _signin(client, "alfa.admin@test.sk", PASSWORD).status_code == 429
    assert _signin(client, "alfa.viewer@test.sk", PASSWORD).status_code == 302
    redis_guard.reset_all()
