"""Funding services through their interface: weights, copying criteria, application checks,
scores, the allocation end to end, overrides with reasons, steps and history."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.funding import services
from tenants.funding.models import Application, Criterion, Round
from tenants.history.models import Change
from tests.conftest import account
from tests.tenants.funding.builders import application, evaluated, round_, two_services

pytestmark = pytest.mark.django_db


def _rows(round_obj, weights):
    return [{"criterion": c, "name": c.name, "kind": c.kind, "weight": D(w),
             "max_points": c.max_points} for c, w in zip(round_obj.criteria.all(), weights, strict=False)]


def test_a_first_round_gets_the_usual_criteria_and_a_later_one_copies_the_last(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        first = round_(user)
        assert [(c.name, c.kind, c.weight) for c in first.criteria.all()] == [
            ("Služba napĺňa opatrenie komunitného plánu", "in_plan", D(25)),
            ("Potrebnosť služby a využitie kapacity", "scored", D(20)),
            ("Náklady na jednotku kapacity", "cost_per_unit", D(20)),
            ("Podiel iných zdrojov financovania", "cofinancing", D(15)),
            ("Priorita cieľovej skupiny", "scored", D(10)),
            ("Kvalita poskytovania služby", "scored", D(10))]
        services.criteria_save(user=user, round_=first, rows=_rows(first, [50, 50])[:2])
        second = round_(user, year=2025)
        assert [(c.name, c.weight) for c in second.criteria.all()] == [
            ("Služba napĺňa opatrenie komunitného plánu", D(50)),
            ("Potrebnosť služby a využitie kapacity", D(50))]
        assert first.criteria.count() == 2


@pytest.mark.parametrize("language,message", [
    ("sk", "Váhy kritérií musia spolu dať 100 %; teraz dávajú 95 %."),
    ("cs", "Váhy kritérií musí dohromady dát 100 %; nyní dávají 95 %."),
])
def test_weights_must_add_up_to_100_and_nothing_is_half_saved(alfa, language, message):
    with tenant_context(alfa), translation.override(language):
        user = account("alfa.editor@test.sk")
        r = round_(user)
        before = list(r.criteria.values_list("pk", "name", "weight"))
        rows = _rows(r, [25, 20, 20, 15, 10, 5])
        rows[0]["name"] = "Premenované"
        with pytest.raises(ValidationError) as error:
            services.criteria_save(user=user, round_=r, rows=rows)
        assert error.value.messages == [message]
        assert list(r.criteria.values_list("pk", "name", "weight")) == before


def test_a_round_opens_only_with_weights_of_100(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r = round_(user)
        Criterion.objects.filter(round=r, kind="in_plan").update(weight=D(20))
        with pytest.raises(ValidationError):
            services.round_transition(user=user, round_=r, to=Round.State.OPEN)
        assert Round.objects.get(pk=r.pk).state == "draft"


def test_application_checks_say_what_is_wrong_and_write_nothing(alfa):
    with tenant_context(alfa), translation.override("sk"):
        user = account("alfa.editor@test.sk")
        r = round_(user)
        a, _b = two_services(user)
        with pytest.raises(ValidationError) as error:
            application(user, r, a, requested=800, personnel=500, operating=200)
        assert error.value.message_dict == {
            "requested": ["Požadovaná suma (800) je vyššia ako náklady (700)."]}
        with pytest.raises(ValidationError) as error:
            application(user, r, a, requested=600, personnel=500, operating=200, other=200)
        assert "other_sources" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            application(user, r, a, requested=-1, personnel=500)
        assert "requested" in error.value.message_dict
        application(user, r, a, requested=100, personnel=500)
        with pytest.raises(ValidationError) as error:
            application(user, r, a, requested=100, personnel=500)
        assert "service" in error.value.message_dict
        assert Application.objects.count() == 1
        assert Application.objects.get().service_name == "Denné centrum Jeseň"


def test_the_allocation_end_to_end_is_exact_and_explained(alfa):
    with tenant_context(alfa), translation.override("sk"):
        user = account("alfa.editor@test.sk")
        r, _first = evaluated(user)
        rows = {a.service_name: a for a in r.applications.all()}
        # Jeseň: 0 + 20×8/10 + 20 (cheapest per unit) + 0 + 8 + 8 = 52.00;
        # terénna: 0 + 10 + 20×5.25/10 + 15×2/10 + 5 + 5 = 33.50.
        assert rows["Denné centrum Jeseň"].score == D("52.00")
        assert rows["Terénna opatrovateľská služba"].score == D("33.50")
        # 1000 × 31,200/58,000 = 537.93 and 462.07; the one unit left to .93.
        assert rows["Denné centrum Jeseň"].allocated == D(538)
        assert rows["Terénna opatrovateľská služba"].allocated == D(462)
        from tenants.funding.explain import explanation_text

        assert explanation_text(rows["Denné centrum Jeseň"]) == (
            "Skóre 52,00 zo 100. Podiel úmerný skóre × žiadosť (31\xa0200): 537,93, "
            "zaokrúhlené nahor (jeden z najväčších zvyškov).")


def test_an_override_needs_a_reason_is_recorded_and_the_rest_is_shared_again(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r, first = evaluated(user)
        with pytest.raises(ValidationError) as error:
            services.application_override(user=user, application=first, amount=D(300),
                                          reason=" ")
        assert list(error.value.message_dict) == ["reason"]
        with pytest.raises(ValidationError):
            services.application_override(user=user, application=first, amount=D(601),
                                          reason="Viac než žiadali")
        services.application_override(user=user, application=first, amount=D(300),
                                      reason="Rozhodnutie komisie 3/2024")
        amounts = dict(r.applications.values_list("service_name", "allocated"))
        assert amounts == {"Denné centrum Jeseň": D(300), "Terénna opatrovateľská služba": D(700)}
        change = Change.objects.filter(subject="funding.application",
                                       object_id=first.pk).first()
        assert change.changes == {"override": [None, "300"],
                                  "reason": [None, "Rozhodnutie komisie 3/2024"]}


def test_allocation_needs_every_staff_score_and_a_change_asks_for_it_again(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r = round_(user)
        a, _b = two_services(user)
        services.round_transition(user=user, round_=r, to=Round.State.OPEN)
        app = application(user, r, a, requested=100, personnel=500)
        services.round_transition(user=user, round_=r, to=Round.State.EVALUATING)
        with pytest.raises(ValidationError):
            services.round_allocate(user=user, round_=r)
        r2, first = evaluated(user, title="Druhé", ico="55500099")
        services.application_save(user=user, round_=r2, application=first, note="Doplnené")
        r2.refresh_from_db()
        assert r2.allocated_at is None
        with pytest.raises(ValidationError):
            services.round_transition(user=user, round_=r2, to=Round.State.DECIDED)
        assert app.allocated is None


def test_steps_in_order_and_a_published_round_is_final(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r, first = evaluated(user, publish=True)
        assert r.state == "published" and r.published_at is not None
        for call in (lambda: services.round_transition(user=user, round_=r, to="evaluating"),
                     lambda: services.round_update(user=user, round_=r, budget=D(5)),
                     lambda: services.application_override(user=user, application=first,
                                                           amount=D(1), reason="x")):
            with pytest.raises(ValidationError):
                call()
        states = [c.changes["state"] for c in Change.objects.filter(
            subject="funding.round", object_id=r.pk, action="state").order_by("pk")]
        assert states == [["draft", "open"], ["open", "evaluating"], ["evaluating", "decided"],
                          ["decided", "published"]]
