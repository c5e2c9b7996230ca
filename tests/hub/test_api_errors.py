"""The API's one error path: a service's refusal is a 400 with field errors in the
municipality's language, a body missing what a service needs is never a 500, and no answer
names a database constraint."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import tenant_context
from rest_framework.test import APIRequestFactory

from hub.api_errors import api_exception_handler
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db

MEETING = {"title": "Stretnutie", "date": "2031-01-01", "starts_at": "15:00",
           "ends_at": "12:00", "place": "Úrad"}


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def _group(municipality, email):
    from tenants.participation import services

    with tenant_context(municipality):
        return services.group_save(user=account(email), name="Seniori", kind="target")


@pytest.mark.parametrize("place, email, message", [
    ("alfa", "alfa.editor@test.sk", "Stretnutie musí skončiť až po svojom začiatku."),
    ("beta", "beta.admin@test.sk", "Setkání musí skončit až po svém začátku."),
])
def test_a_services_field_error_is_a_400_in_the_municipalitys_language(place, email, message,
                                                                       request):
    from tenants.participation.models import Meeting

    municipality = request.getfixturevalue(place)
    group = _group(municipality, email)
    response = _post(client_for(municipality, account(email)), "/api/meetings/",
                     {**MEETING, "groups": [group.pk]})
    assert response.status_code == 400
    assert response.json() == {"ends_at": [message]}
    with tenant_context(municipality):
        assert Meeting.objects.count() == 0


def test_a_refusal_of_the_whole_object_is_under_non_field_errors(alfa):
    from tenants.plans.models import Plan

    editor = client_for(alfa, account("alfa.editor@test.sk"))
    plan = _post(editor, "/api/plans/", {"legal_basis": "sk-kpss", "title": "Plán",
                                         "year_from": 2025, "year_to": 2030}).json()
    response = _post(editor, f"/api/plans/{plan['id']}/transition/", {"action": "put_in_force"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        "Plán v stave „koncept“ nemôže prejsť do stavu „platný“."]}
    with tenant_context(alfa):
        assert Plan.objects.get(pk=plan["id"]).status == Plan.Status.DRAFT


def test_a_working_group_without_kind_is_a_target_group(alfa):
    response = _post(client_for(alfa, account("alfa.editor@test.sk")), "/api/working-groups/",
                     {"name": "Rodina"})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "target"


def test_a_member_without_name_is_refused_by_field_and_nothing_is_written(alfa):
    from tenants.participation.models import Member

    group = _group(alfa, "alfa.editor@test.sk")
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = _post(editor, "/api/group-members/", {"group": group.pk, "sector": "public"})
    assert response.status_code == 400
    assert response.json() == {"name": ["Zadajte meno alebo organizáciu."]}
    with tenant_context(alfa):
        assert Member.objects.count() == 0
    made = _post(editor, "/api/group-members/", {"group": group.pk, "sector": "provider",
                                                 "organisation": "Charita"})
    assert made.status_code == 201 and made.json()["name"] == ""
    with tenant_context(alfa):
        assert list(Member.objects.values_list("organisation", flat=True)) == ["Charita"]


def test_every_create_endpoint_answers_an_empty_body_with_field_errors(alfa):
    """Whatever a body lacks is a 400 that names the fields, never a 500. The endpoints
    come from the OpenAPI schema, so a new one is tried too."""
    schema = client_for(alfa).get("/api/schema/?format=json").json()
    paths = sorted(path for path, operations in schema["paths"].items()
                   if "post" in operations and "{" not in path)
    assert {"/api/working-groups/", "/api/group-members/", "/api/plans/",
            "/api/catalogue-services/", "/api/archive/"} <= set(paths)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    for path in paths:
        response = _post(editor, path, {})
        assert response.status_code == 400, (path, response.status_code)
        body = response.json()
        assert body and all(isinstance(v, list) and v for v in body.values()), (path, body)


def test_a_duplicate_ico_is_refused_without_naming_the_constraint(alfa):
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    first = _post(editor, "/api/catalogue-providers/", {"name": "Charita", "ico": "12345678"})
    assert first.status_code == 201
    second = _post(editor, "/api/catalogue-providers/", {"name": "Iná", "ico": "12345678"})
    assert second.status_code == 400
    assert "catalogue_provider_unique_ico" not in second.content.decode()
    # DRF's own unique check, in its words (lower-case model name and all).
    assert second.json() == {"ico": ["poskytovateľ s týmto IČO už existuje."]}


def test_a_plan_ending_before_it_starts_is_refused_without_naming_the_constraint(alfa):
    response = _post(client_for(alfa, account("alfa.editor@test.sk")), "/api/plans/",
                     {"legal_basis": "sk-kpss", "title": "Plán", "year_from": 2030,
                      "year_to": 2025})
    assert response.status_code == 400
    assert "plan_period_in_order" not in response.content.decode()
    assert response.json() == {"year_to": ["Obdobie nemôže skončiť skôr, ako začne."]}


def test_a_duplicate_member_address_is_refused_without_naming_the_constraint(alfa):
    group = _group(alfa, "alfa.editor@test.sk")
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    body = {"group": group.pk, "sector": "public", "name": "Jana", "email": "jana@example.org"}
    assert _post(editor, "/api/group-members/", body).status_code == 201
    again = _post(editor, "/api/group-members/", {**body, "name": "Jana 2"})
    assert again.status_code == 400
    assert "one_membership" not in again.content.decode()
    assert again.json() == {"email": ["Táto e-mailová adresa už v skupine je."]}


def test_an_integrity_error_is_a_409_that_names_no_constraint(alfa):
    """A write that passed validation and still lost a race at the database."""
    from tenants.catalogue.models import Provider

    with tenant_context(alfa):
        Provider.objects.create(name="Charita", ico="87654321")
        try:
            with transaction.atomic():
                Provider.objects.create(name="Iná", ico="87654321")
        except IntegrityError as error:
            raised = error
        request = APIRequestFactory().post("/api/catalogue-providers/")
        response = api_exception_handler(raised, {"request": request, "view": None})
        connection.set_schema_to_public()
    assert response.status_code == 409
    assert "catalogue_provider_unique_ico" not in json.dumps(response.data)
    assert response.data == {"detail": "Poskytovateľ s týmto IČO už existuje."}


def test_a_lost_race_with_no_message_of_its_own_is_a_409_in_plain_words(alfa):
    """A row deleted between the check and the write (a foreign key)."""
    from tenants.participation.models import Member, WorkingGroup

    with tenant_context(alfa):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:  # Django's foreign keys are deferred
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                Member.objects.create(group=WorkingGroup(pk=999999), name="Jana",
                                      sector="public")
        except IntegrityError as error:
            raised = error
        request = APIRequestFactory().post("/api/group-members/")
        response = api_exception_handler(raised, {"request": request, "view": None})
        connection.set_schema_to_public()
    assert response.status_code == 409
    assert "fk" not in json.dumps(response.data).lower()
    assert response.data == {"detail": "Zmenu nemožno uložiť, pretože sa stretla so zmenou "
                                       "uloženou v tej istej chvíli. Načítajte stránku znova "
                                       "a skúste to ešte raz."}


def test_a_second_evaluation_of_a_year_is_refused_in_words(alfa):
    from tenants.plans.models import Evaluation
    from tests.tenants.plans.builders import plan_in_force

    with tenant_context(alfa):
        plan, _tree = plan_in_force(account("alfa.editor@test.sk"))
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    assert _post(editor, "/api/evaluations/", {"plan": plan.pk, "year": 2024}).status_code == 201
    again = _post(editor, "/api/evaluations/", {"plan": plan.pk, "year": 2024})
    assert again.status_code == 400
    assert again.json() == {"year": ["Vyhodnotenie roka 2024 už existuje."]}
    with tenant_context(alfa):
        assert Evaluation.objects.filter(plan=plan).count() == 1


def test_a_constraint_message_a_service_let_through_is_replaced(alfa):
    """The safety net behind the services' own checks: full_clean's default message for a
    check constraint names it; the answer does not."""
    from django.core.exceptions import ValidationError

    from tenants.plans.models import Plan

    with tenant_context(alfa):
        with pytest.raises(ValidationError) as refused:
            Plan(legal_basis="sk-kpss", title="Plán", year_from=2030, year_to=2025).full_clean()
        assert "plan_period_in_order" in str(refused.value)  # what would have leaked
        request = APIRequestFactory().post("/api/plans/")
        response = api_exception_handler(refused.value, {"request": request, "view": None})
        connection.set_schema_to_public()
    assert response.status_code == 400
    assert response.data == {"non_field_errors": [
        "Zadané hodnoty k sebe nepasujú; skontrolujte ich a skúste to znova."]}


def test_a_check_constraint_at_the_database_is_a_400_in_plain_words(alfa):
    """Values no service checked (here written past the service) are not a race: 400."""
    from tenants.participation.models import Meeting

    with tenant_context(alfa):
        try:
            with transaction.atomic():
                Meeting.objects.create(title="X", date="2031-01-01", starts_at="15:00",
                                       ends_at="12:00", place="Úrad")
        except IntegrityError as error:
            raised = error
        request = APIRequestFactory().post("/api/meetings/")
        response = api_exception_handler(raised, {"request": request, "view": None})
        assert Meeting.objects.count() == 0
        connection.set_schema_to_public()
    assert response.status_code == 400
    assert "meeting_ends_after_it_starts" not in json.dumps(response.data)
    assert response.data == {"non_field_errors": [
        "Zadané hodnoty k sebe nepasujú; skontrolujte ich a skúste to znova."]}
