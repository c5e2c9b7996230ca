"""Saving a whole evaluation (the staff page's one form): every entry and indicator value in
one transaction — one refused line and nothing of the submission is kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.plans import services
from tenants.plans.models import Status
from tests.conftest import account, client_for
from tests.tenants.plans.builders import plan_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, tree = plan_in_force(user)
        evaluation = services.evaluation_create(user=user, plan=plan, year=2024)
        indicator = tree["m11"].indicators.get()
    return {"plan": plan, "tree": tree, "evaluation": evaluation, "indicator": indicator,
            "user": user}


def _saved(alfa, evaluation):
    with tenant_context(alfa):
        entries = sorted(((e.measure_id, e.activity_id, e.status, e.progress, e.evidence)
                          for e in evaluation.entries.all()), key=lambda e: (e[0] or 0, e[1] or 0))
        values = sorted((v.indicator_id, v.value) for v in evaluation.indicator_values.all())
    return entries, values


def test_the_service_saves_entries_and_values_together(alfa, evaluated):
    t, evaluation = evaluated["tree"], evaluated["evaluation"]
    with tenant_context(alfa):
        services.evaluation_save(
            user=evaluated["user"], evaluation=evaluation,
            entries=[{"measure": t["m21"], "status": Status.FULFILLED},
                     {"activity": t["a112"], "status": Status.PARTIAL, "progress": 40}],
            indicator_values=[(evaluated["indicator"], Decimal("12"))])
    assert _saved(alfa, evaluation) == (
        [(None, t["a112"].pk, "partial", 40, ""), (t["m21"].pk, None, "fulfilled", None, "")],
        [(evaluated["indicator"].pk, Decimal("12.00"))])


def test_one_refused_entry_and_nothing_of_the_submission_is_kept(alfa, evaluated):
    t, evaluation = evaluated["tree"], evaluated["evaluation"]
    with tenant_context(alfa):
        with pytest.raises(ValidationError) as refused:
            services.evaluation_save(
                user=evaluated["user"], evaluation=evaluation,
                entries=[{"measure": t["m21"], "status": Status.FULFILLED},
                         {"activity": t["a112"], "status": Status.FULFILLED,
                          "evidence": "ftp://archiv"}],
                indicator_values=[(evaluated["indicator"], Decimal("12"))])
    assert refused.value.message_dict == {"evidence": [
        "Každý riadok musí byť webová adresa začínajúca http:// alebo https://."]}
    assert refused.value.line == t["a112"]  # the line the page shows it on
    assert _saved(alfa, evaluation) == ([], [])


def _form(tree, indicator, **changes):
    """The staff page's whole form, every row untouched unless changed here."""
    data = {f"{prefix}{tree[key].pk}-status": Status.NOT_STARTED
            for prefix, key in (("m", "m11"), ("m", "m12"), ("m", "m21"), ("a", "a111"),
                                ("a", "a112"))}
    data[f"i{indicator.pk}-value"] = ""
    data.update(changes)
    return data


def test_the_staff_page_saves_the_filled_rows_in_one_go(alfa, evaluated):
    t, evaluation, indicator = evaluated["tree"], evaluated["evaluation"], evaluated["indicator"]
    plan = evaluated["plan"]
    page = f"/staff/plans/{plan.pk}/evaluations/2024/"
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post(page, _form(t, indicator, **{
        f"m{t['m21'].pk}-status": "fulfilled", f"a{t['a112'].pk}-status": "partial",
        f"a{t['a112'].pk}-progress": "40", f"i{indicator.pk}-value": "12"}))
    assert response.status_code == 302
    saved = _saved(alfa, evaluation)
    assert saved == (
        [(None, t["a112"].pk, "partial", 40, ""), (t["m21"].pk, None, "fulfilled", None, "")],
        [(indicator.pk, Decimal("12.00"))])
    # A second submission with one bad evidence line changes nothing, the m21 change included.
    refused = editor.post(page, _form(t, indicator, **{
        f"m{t['m21'].pk}-status": "not_fulfilled", f"a{t['a112'].pk}-status": "partial",
        f"a{t['a112'].pk}-progress": "40", f"a{t['a112'].pk}-evidence": "ftp://archiv",
        f"i{indicator.pk}-value": "15"}))
    assert refused.status_code == 400
    body = refused.content.decode()
    # Said on Activity 1.1.2's own fieldset, at its evidence field.
    stavba = body[body.index("Stavba</legend>"):]
    stavba = stavba[:stavba.index("</fieldset>")]
    assert 'class="field-error">Každý riadok musí byť webová adresa' in stavba
    assert _saved(alfa, evaluation) == saved


def test_a_viewer_cannot_save_and_nothing_changes(alfa, evaluated):
    t, indicator = evaluated["tree"], evaluated["indicator"]
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    response = viewer.post(f"/staff/plans/{evaluated['plan'].pk}/evaluations/2024/",
                           _form(t, indicator, **{f"m{t['m21'].pk}-status": "fulfilled"}))
    assert response.status_code == 403
    assert _saved(alfa, evaluated["evaluation"]) == ([], [])


def test_the_target_groups_page_saves_every_changed_row(alfa):
    from tenants.plans.models import TargetGroup

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        seniors = services.target_group_save(user=user, name="Seniori", position=1)
        services.target_group_save(user=user, name="Rodina", position=2)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    form = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "2", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000"}
    with tenant_context(alfa):
        rows = list(TargetGroup.objects.order_by("position"))
    for n, group in enumerate(rows):
        form.update({f"form-{n}-id": str(group.pk), f"form-{n}-name": group.name,
                     f"form-{n}-position": str(group.position), f"form-{n}-is_active": "on"})
    form.update({"form-0-name": "Seniori a seniorky", "form-2-name": "Ľudia bez domova",
                 "form-2-position": "3", "form-2-is_active": "on"})
    assert editor.post("/staff/target-groups/", form).status_code == 302
    with tenant_context(alfa):
        assert list(TargetGroup.objects.order_by("position").values_list(
            "name", "position", "is_active")) == [("Seniori a seniorky", 1, True),
                                                  ("Rodina", 2, True),
                                                  ("Ľudia bez domova", 3, True)]
        assert TargetGroup.objects.get(pk=seniors.pk).name == "Seniori a seniorky"


def test_target_groups_are_saved_all_or_none(alfa):
    from tenants.plans.models import TargetGroup

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        seniors = services.target_group_save(user=user, name="Seniori", position=1)
        with pytest.raises(ValidationError) as refused:
            services.target_groups_save(user=user, groups=[
                {"group": seniors, "name": "Seniori a seniorky", "position": 1},
                {"group": None, "name": "Seniori a seniorky", "position": 2}])
        assert list(refused.value.message_dict) == ["name"]
        assert list(TargetGroup.objects.values_list("name", flat=True)) == ["Seniori"]
