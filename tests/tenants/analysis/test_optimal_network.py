"""The optimal network of a plan: items made from the gaps of the network analysis, the
rules an item must keep, versions and approval, the history, links to plan measures with
the gap then and now (plan pages, evaluation report), and the PDF read back."""

import datetime
import io
from decimal import Decimal as D

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.analysis import print_data
from tenants.analysis.models import MeasureLink, NetworkDescription, NetworkItem
from tenants.analysis.optimal import services
from tenants.catalogue.models import Provider, Service
from tenants.documents.models import Kind
from tenants.documents.sources import document_source, with_generation_date
from tenants.history.models import Change
from tests.conftest import account
from tests.tenants.analysis.builders import network_fixture
from tests.tenants.plans.builders import plan_in_force, plan_with_tree
from workers.render.typst_pdf import render_pdf

pytestmark = pytest.mark.django_db


def _draft(alfa, *, approved_plan=False):
    """Alfa as ORP Benešov with the network fixtures and a plan 2024–2027 with a draft."""
    network_fixture(alfa)
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        build = plan_in_force if approved_plan else plan_with_tree
        plan, tree = build(user, year_from=2024, year_to=2027,
                           basis="cz-orp", title="Plán ORP")
        description = services.description_create(user=user, plan=plan, title="Optimální síť")
    return user, plan, tree, description


def _item(user, description, **changes):
    values = {"action": "create", "service_type": "cz-50", "target_group": "seniors",
              "capacity": 12, "unit": "bed", "place": "Vlašim", "year": 2025,
              "cost": D("1500000.00"), "country": "CZ"}
    values.update(changes)
    return services.item_save(user=user, description=description, **values)


def test_the_gaps_become_prefilled_items_once(alfa):
    user, _plan, _tree, description = _draft(alfa)
    with tenant_context(alfa):
        made = services.items_from_gaps(user=user, description=description, country="CZ",
                                        today=datetime.date(2023, 6, 1))
        again = services.items_from_gaps(user=user, description=description, country="CZ")
        rows = sorted(NetworkItem.objects.values_list(
            "action", "service_type", "target_group", "capacity", "unit", "place", "year",
            "cost", "gap_key", "gap_then"))
    # Only the rows with places missing (16.1 and 22.1, rounded up), extended where some
    # capacity exists, in the plan's first year.
    assert len(made) == 2 and again == []
    assert rows == [
        ("extend", "cz-48", "", 17, "bed", "Benešov (ORP)", 2024, None, "cz-48||bed", D("16.1")),
        ("extend", "cz-49", "seniors", 23, "bed", "Benešov (ORP)", 2024, None,
         "cz-49|seniors|bed", D("22.1")),
    ]


def test_an_item_breaking_a_rule_is_refused_with_a_message_on_its_field(alfa):
    user, _plan, _tree, description = _draft(alfa)
    with tenant_context(alfa):
        with pytest.raises(ValidationError) as caught:
            _item(user, description, capacity=0, year=2031, cost=D("-1"), place=" ")
        errors = caught.value.message_dict
        assert set(errors) == {"capacity", "year", "cost", "place"}
        # Alfa speaks Slovak.
        assert errors["year"] == ["Rok musí byť v rokoch plánu, 2024–2027."]
        assert errors["capacity"] == ["Kapacita musí byť väčšia ako 0."]
        assert errors["cost"] == ["Náklady nemôžu byť záporné."]
        with pytest.raises(ValidationError) as caught:
            _item(user, description, service_type="sk-35", measures=[999999])
        assert set(caught.value.message_dict) == {"service_type"}
        assert NetworkItem.objects.count() == 0


def test_an_approved_version_is_frozen_and_a_new_version_copies_it(alfa):
    user, plan, tree, description = _draft(alfa)
    with tenant_context(alfa):
        with pytest.raises(ValidationError):
            services.description_approve(user=user, description=description,
                                         approved_on=datetime.date(2024, 2, 1))
        item = _item(user, description, measures=[tree["m11"].pk])
        services.description_approve(user=user, description=description,
                                     approved_on=datetime.date(2024, 2, 1), resolution="7/2024")
        with pytest.raises(ValidationError):
            _item(user, description, item=item, capacity=20)
        with pytest.raises(ValidationError):
            services.item_delete(user=user, item=item)
        second = services.description_amend(user=user, description=description)
        copied = second.items.get()
        assert (second.version, second.amends_id, second.status) == (2, description.pk, "draft")
        assert (copied.capacity, copied.cost, list(copied.links.values_list(
            "measure_id", flat=True))) == (12, D("1500000.00"), [tree["m11"].pk])
        _item(user, second, item=copied, capacity=20)
        services.description_approve(user=user, description=second,
                                     approved_on=datetime.date(2025, 2, 1))
        assert list(NetworkDescription.objects.order_by("version").values_list(
            "version", "status")) == [(1, "superseded"), (2, "approved")]
        history = list(Change.objects.filter(plan_id=plan.pk, subject__startswith="analysis.")
                       .order_by("pk").values_list("subject", "action"))
    assert history[:3] == [("analysis.networkdescription", "created"),
                           ("analysis.networkitem", "created"),
                           ("analysis.networkdescription", "state")]
    assert ("analysis.networkitem", "updated") in history


def test_a_linked_measure_shows_its_gap_then_and_now(alfa):
    user, _plan, tree, description = _draft(alfa, approved_plan=True)
    with tenant_context(alfa):
        services.items_from_gaps(user=user, description=description, country="CZ")
        item = NetworkItem.objects.get(service_type="cz-49")
        _item(user, description, item=item, action="extend", service_type="cz-49",
              capacity=23, unit="bed", place="Benešov", year=2025, cost=None,
              gap_key=item.gap_key, measures=[tree["m11"].pk])
        assert MeasureLink.objects.get().gap_at_link == D("22.1")
        # Ten beds more in the catalogue since: 12.1 missing now.
        Service.objects.create(provider=Provider.objects.get(), name="Nový domov",
                               service_type="cz-49", form="residential",
                               target_groups=["seniors"], covers=[],
                               capacities=[{"form": "residential", "unit": "bed",
                                            "capacity": 10}])
        staff_notes = print_data.measure_notes([tree["m11"].pk], public=False)
        public_notes = print_data.measure_notes([tree["m11"].pk], public=True)
        services.description_approve(user=user, description=description,
                                     approved_on=datetime.date(2024, 2, 1))
        approved_notes = print_data.measure_notes([tree["m11"].pk], public=True)
    assert public_notes == {}  # a draft is not shown to residents
    [note] = staff_notes[tree["m11"].pk]
    assert note == ("Rieši rozdiel: Domovy pre seniorov · seniori · lôžka (rozšíriť, 23 lôžok, "
                    "Benešov, 2025) — pri prepojení: chýba 22,1; teraz: chýba 12,1 (−10,0)")
    assert approved_notes == staff_notes


def _pdf_text(alfa, description) -> str:
    with tenant_context(alfa):
        document = type("D", (), {"kind": Kind.NETWORK, "subject_id": description.pk})
        template, data = document_source(document)
        pdf = render_pdf(template, with_generation_date(data))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # Hyphenated words ("Opatrova- teľská") are joined again before comparing.
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xad", "-")
    return " ".join(text.split()).replace("- ", "")


def test_the_pdf_lists_the_items_by_action_and_the_gaps(alfa):
    user, _plan, tree, description = _draft(alfa)
    with tenant_context(alfa):
        services.items_from_gaps(user=user, description=description, country="CZ")
        _item(user, description, measures=[tree["m12"].pk])
        _item(user, description, action="keep", service_type="cz-40", capacity=150,
              unit="client", place="ORP", cost=D("2000000"))
    text = _pdf_text(alfa, description)
    for words in ("Popis optimálnej siete sociálnych služieb", "Plán ORP", "2024–2027",
                  "zachovať (1) — 2 000 000,00 Kč", "rozšíriť (2) Domovy", "vytvoriť (1)",
                  "Vlašim seniori 12 lôžok – 2025 1 500 000,00 Kč",
                  "Benešov (ORP) seniori 23 lôžok", "3 500 000,00 Kč",
                  "Opatrenia plánu: 1.2 Opatrovateľská služba",
                  "Domovy pre seniorov · seniori · lôžka 100 122,1 chýba 22,1",
                  "Opatrovateľská služba · seniori · klienti 150 143,6 o 6,4 viac, než treba",
                  "Rozdiely podľa analýzy siete", "Graf rozdielov"):
        assert words.replace(" ", "") in text.replace(" ", ""), (words, text[:2500])
    # A draft of a draft plan: printed for staff, never public.
    with tenant_context(alfa):
        assert print_data.is_public(description.pk) is False
