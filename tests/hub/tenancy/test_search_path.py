"""The search path rides on the first statement (hub/tenancy/postgresql_backend): no statement
ever runs in the previous municipality's schema — after errors, rollbacks, savepoint
rollbacks, a switch between making a cursor and using it, with TENANT_LIMIT_SET_CALLS on and
off — and the SET costs no round trip of its own."""

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["limit-set-calls", "set-per-cursor"])
def limit_set_calls(request, settings):
    settings.TENANT_LIMIT_SET_CALLS = request.param
    return request.param


@pytest.fixture
def own_connection(django_db_setup):
    """A connection of its own in autocommit (outside the test's transaction), as a web
    process has: a failed statement there is its own implicit transaction."""
    conn = connections.create_connection("default")
    yield conn
    conn.close()


def _path(conn) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        return cursor.fetchone()[0]


def test_each_switch_is_seen_by_the_next_statement(own_connection, alfa, beta, limit_set_calls):
    for place in (alfa, beta, beta, alfa, beta):
        own_connection.set_tenant(place)
        assert _path(own_connection) == f"{place.schema_name}, public"
    own_connection.set_schema_to_public()
    assert _path(own_connection) == "public"


def test_a_failed_first_statement_does_not_leave_the_old_schema(own_connection, alfa, beta,
                                                                 limit_set_calls):
    own_connection.set_tenant(alfa)
    assert _path(own_connection) == "m_alfa, public"
    own_connection.set_tenant(beta)
    with pytest.raises(DatabaseError), own_connection.cursor() as cursor:
        # Sent as "SET search_path …; SELECT …": the failure undoes the SET as well.
        cursor.execute("SELECT no_such_column FROM pg_class")
    assert own_connection.search_path_set_schemas is None
    assert _path(own_connection) == "m_beta, public"


def test_a_rolled_back_transaction_does_not_leave_the_old_schema(own_connection, alfa, beta,
                                                                  limit_set_calls):
    own_connection.set_tenant(alfa)
    assert _path(own_connection) == "m_alfa, public"
    own_connection.set_autocommit(False)
    own_connection.set_tenant(beta)
    assert _path(own_connection) == "m_beta, public"
    own_connection.rollback()  # PostgreSQL undoes the SET; the next statement sends it again
    own_connection.set_autocommit(True)
    assert _path(own_connection) == "m_beta, public"


def test_a_savepoint_rollback_does_not_leave_the_old_schema(alfa, beta, limit_set_calls):
    connection.set_tenant(alfa)
    assert _path(connection) == "m_alfa, public"
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        connection.set_tenant(beta)
        assert _path(connection) == "m_beta, public"
        raise ZeroDivisionError  # the savepoint is rolled back, and the SET with it
    assert _path(connection) == "m_beta, public"
    connection.set_tenant(alfa)
    with transaction.atomic():
        assert _path(connection) == "m_alfa, public"
    assert _path(connection) == "m_alfa, public"


def test_a_failed_statement_inside_a_savepoint(alfa, beta, limit_set_calls):
    connection.set_tenant(alfa)
    assert _path(connection) == "m_alfa, public"
    connection.set_tenant(beta)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM pg_class")
    assert _path(connection) == "m_beta, public"


def test_a_cursor_made_before_a_switch_does_not_mark_the_new_schema_as_set(own_connection, alfa,
                                                                           beta, limit_set_calls):
    own_connection.set_tenant(alfa)
    early = own_connection.cursor()  # holds alfa's SET
    own_connection.set_tenant(beta)
    early.execute("SELECT current_setting('search_path')")
    assert early.fetchone()[0] == "m_alfa, public"  # as django-tenants: made for alfa
    early.close()
    assert own_connection.search_path_set_schemas is None
    assert _path(own_connection) == "m_beta, public"


@pytest.mark.parametrize("first", [
    "SHOW search_path",                       # not a data statement: the SET goes alone
    "SET LOCAL statement_timeout = 1000",
])
def test_statements_that_cannot_share_the_message_get_the_set_first(own_connection, alfa, first):
    own_connection.set_tenant(alfa)
    with own_connection.cursor() as cursor:
        cursor.execute(first)
    assert own_connection.search_path_set_schemas == ["m_alfa", "public"]
    assert _path(own_connection) == "m_alfa, public"


def test_executemany_and_copy_get_the_set_first(own_connection, alfa, beta):
    own_connection.set_tenant(alfa)
    with own_connection.cursor() as cursor:
        cursor.executemany("SELECT %s", [(1,), (2,)])
    assert own_connection.search_path_set_schemas == ["m_alfa", "public"]
    own_connection.set_tenant(beta)
    with own_connection.cursor() as cursor, cursor.copy(
            "COPY (SELECT current_setting('search_path')) TO STDOUT") as copy:
        assert b"".join(bytes(block) for block in copy) == b"m_beta, public\n"


def test_rows_and_counts_are_the_statements_not_the_sets(own_connection, alfa, beta):
    own_connection.set_tenant(beta)
    with own_connection.cursor() as cursor:
        cursor.execute("UPDATE django_migrations SET applied = applied WHERE id < 0")
        assert cursor.rowcount == 0
    own_connection.set_tenant(alfa)
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT %s, 'x%%y'", ["100%"])
        assert cursor.fetchall() == [("100%", "x%y")]


def test_the_set_shares_the_round_trip_of_the_first_query(alfa, beta):
    client = client_for(alfa)
    client.get("/api/portal/")
    connection.set_tenant(beta)  # the next request on this connection must switch
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/portal/").json()["name"] == "Alfa"
    statements = [q["sql"] for q in captured.captured_queries]
    assert statements[0].startswith('SET search_path = "m_alfa","public";\nSELECT ')
    assert not any(s.startswith("SET") for s in statements[1:])
    assert sum(s.count("SET search_path") for s in statements) == 1


def test_alternating_requests_never_see_the_other_municipality(alfa, beta, limit_set_calls):
    from tenants.portal.models import Introduction

    for place, heading in ((alfa, "Úvod Alfa"), (beta, "Úvod Beta")):
        with tenant_context(place):
            Introduction.objects.update_or_create(singleton=True, defaults={
                "heading": heading, "text": "text"})
    connection.set_schema_to_public()
    client = client_for()
    for host, mine, other in [("alfa", "Úvod Alfa", "Úvod Beta"), ("beta", "Úvod Beta", "Úvod Alfa"),
                              ("beta", "Úvod Beta", "Úvod Alfa"), ("alfa", "Úvod Alfa", "Úvod Beta"),
                              ("gamma", None, None), ("alfa", "Úvod Alfa", "Úvod Beta")]:
        response = client.get("/", HTTP_HOST=f"{host}.localhost")
        body = response.content.decode()
        if mine is None:
            assert response.status_code == 404
            continue
        assert mine in body and other not in body
