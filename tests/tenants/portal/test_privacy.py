"""GDPR for residents without an account: export and erasure of what a municipality holds
about an e-mail address (by the resident's signed link or by the admin), the retention purge,
and that another municipality's data are never included or erased."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.history.models import Change
from tenants.participation import services as groups
from tenants.participation.models import Member, Registration
from tenants.plans import services as plans
from tenants.plans.models import Comment
from tenants.portal import mail as portal_mail
from tenants.portal import privacy
from tenants.portal.models import PrivacyLinkRequest, PrivacySettings
from tests.conftest import account, client_for
from tests.tenants.participation.builders import group_with_members, meeting
from tests.tenants.plans.builders import plan_with_tree

pytestmark = pytest.mark.django_db

EVA = "eva.mala@example.org"


def _staff(place):
    return account("alfa.editor@test.sk" if place.slug == "alfa" else "beta.admin@test.sk")


def resident_everywhere(place, email=EVA):
    """Eva commented twice (one answered and published, one pending), asked to join a group
    (confirmed) and registered for a meeting — in ``place``."""
    today = timezone.localdate()
    with tenant_context(place):
        user = _staff(place)
        plan, _tree = plan_with_tree(user)
        plan = plans.plan_transition(user=user, plan=plan, action="start_discussion",
                                     discussion_from=today - datetime.timedelta(days=3),
                                     discussion_to=today + datetime.timedelta(days=10))
        published = plans.comment_submit(plan=plan, text=f"Chýba stacionár ({place.slug}).",
                                         consent=True, name="Eva Malá", email=email)
        plans.comment_moderate(user=user, comment=published, action="publish",
                               answer="Doplníme.")
        plans.comment_submit(plan=plan, text="Eva Malá, Hlavná 5, volajte mi.", consent=True,
                             name="Eva Malá", email=email)
        group, _ = group_with_members(members=())
        member = groups.member_request_join(group=group, name="Eva Malá", email=email,
                                            sector="user", consent=True, phone="0900 111 222")
        groups.member_confirm(token=groups.join_token(member))
        planned = meeting([group])
        groups.registration_submit(meeting=planned, name="Eva Malá", email=email,
                                   consent=True)
        return {"plan": plan, "group": group, "meeting": planned}


def _held(place, email=EVA):
    with tenant_context(place):
        return {"comments": list(Comment.objects.filter(email__iexact=email)
                                 .values_list("state", flat=True).order_by("state")),
                "members": Member.objects.filter(email__iexact=email).count(),
                "registrations": Registration.objects.filter(email__iexact=email).count()}


EVERYTHING = {"comments": ["pending", "published"], "members": 1, "registrations": 1}


def _no_trace_of_eva(place):
    """Nothing about Eva anywhere in the schema's rows this feature touches, history too."""
    with tenant_context(place):
        texts = [json.dumps([c.object_repr, c.changes], ensure_ascii=False)
                 for c in Change.objects.all()]
        texts += [f"{c.name} {c.email} {c.text}" for c in Comment.objects.all()]
        texts += [f"{m.name} {m.email} {m.phone}" for m in Member.objects.all()]
        texts += [f"{r.name} {r.email}" for r in Registration.objects.all()]
        texts += list(PrivacyLinkRequest.objects.values_list("email", flat=True))
    return not any(("Eva Malá" in t or "eva.mala" in t or "0900 111 222" in t) for t in texts)


def test_the_admin_exports_this_municipalitys_data_only(alfa, beta):
    resident_everywhere(alfa)
    resident_everywhere(beta)
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    page = admin.post("/staff/privacy/", {"action": "look", "email": "Eva.Mala@example.org"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pripomienky k návrhu plánu: 2" in text and "Registrácie na stretnutia: 1" in text
    response = admin.post("/staff/privacy/", {"action": "export", "email": EVA})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    export = json.loads(response.content)
    assert export["municipality"] == "Alfa" and export["email"] == EVA
    comments = export["data"]["plans"]
    assert sorted(c["text"] for c in comments) == ["Chýba stacionár (alfa).",
                                                   "Eva Malá, Hlavná 5, volajte mi."]
    assert [(r["kind"], r["name"], r.get("phone")) for r in export["data"]["participation"]] \
        == [("member", "Eva Malá", "0900 111 222"), ("registration", "Eva Malá", None)]
    assert "(beta)" not in response.content.decode()


def test_the_admin_erases_and_another_municipality_keeps_its_data(alfa, beta):
    made = resident_everywhere(alfa)
    resident_everywhere(beta)
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    # Without the confirmation nothing happens.
    refused = admin.post("/staff/privacy/", {"action": "erase", "email": EVA})
    assert refused.status_code == 400 and _held(alfa) == EVERYTHING
    response = admin.post("/staff/privacy/", {"action": "erase", "email": EVA, "confirm": "on"})
    assert response.status_code == 302
    assert _held(alfa) == {"comments": [], "members": 0, "registrations": 0}
    with tenant_context(alfa):
        # The published comment stays in the plan's record, anonymous; the pending one is gone.
        assert list(Comment.objects.values_list("name", "email", "text", "state")) == [
            ("", "", "Chýba stacionár (alfa).", "published")]
        assert made["meeting"].registrations.count() == 0
    assert _no_trace_of_eva(alfa)
    page = client_for(alfa).get(f"/plans/{made['plan'].pk}/").content.decode()
    assert "Chýba stacionár (alfa)." in page and "Eva Malá" not in page
    assert _held(beta) == EVERYTHING and not _no_trace_of_eva(beta)


@pytest.mark.parametrize("email", [None, "alfa.editor@test.sk", "alfa.viewer@test.sk",
                                   "beta.admin@test.sk", "nobody@test.sk"])
def test_only_the_municipalitys_admin_may_export_or_erase(alfa, email):
    resident_everywhere(alfa)
    client = client_for(alfa, account(email) if email else None)
    for action in ("export", "erase"):
        response = client.post("/staff/privacy/", {"action": action, "email": EVA,
                                                   "confirm": "on"})
        assert response.status_code == (302 if email is None else 403)
        assert EVA not in response.content.decode()
    assert _held(alfa) == EVERYTHING


def _link_from_mail(place, email=EVA):
    with tenant_context(place):
        assert portal_mail.privacy_link(email).send() == 1
    body = mail.outbox[-1].body
    return re.search(rf"http://{place.slug}\.localhost(?::\d+)?(/privacy/my-data/[^/\s]+/)",
                     body).group(1)


def test_a_resident_asks_for_the_link_downloads_and_erases(
        alfa, beta, django_capture_on_commit_callbacks):
    resident_everywhere(alfa)
    resident_everywhere(beta)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(alfa).post("/privacy/my-data/", {"email": "Eva.Mala@Example.org"})
    assert response.status_code == 302 and len(callbacks) == 1
    with tenant_context(alfa):
        assert list(PrivacyLinkRequest.objects.values_list("email", flat=True)) == [EVA]
    link = _link_from_mail(alfa)
    message = mail.outbox[-1]
    assert message.to == [EVA] and message.subject == "Vaše osobné údaje – Alfa"
    page = client_for(alfa).get(link)
    assert page.status_code == 200 and "Pripomienky k návrhu plánu: 2" in page.content.decode()
    export = json.loads(client_for(alfa).get(link + "export/").content)
    assert export["municipality"] == "Alfa" and len(export["data"]["plans"]) == 2
    assert client_for(alfa).post(link + "erase/", {}).status_code == 400
    assert _held(alfa) == EVERYTHING
    assert client_for(alfa).post(link + "erase/", {"confirm": "on"}).status_code == 302
    assert _held(alfa) == {"comments": [], "members": 0, "registrations": 0}
    assert _no_trace_of_eva(alfa)
    assert "Nič." in client_for(alfa).get(link).content.decode()
    assert _held(beta) == EVERYTHING


def test_a_link_made_for_one_municipality_is_refused_by_another(alfa, beta):
    resident_everywhere(alfa)
    resident_everywhere(beta)
    link = _link_from_mail(alfa)
    for path in (link, link + "export/"):
        response = client_for(beta).get(path)
        assert response.status_code == 400 and "(beta)" not in response.content.decode()
    assert client_for(beta).post(link + "erase/", {"confirm": "on"}).status_code == 400
    assert _held(beta) == EVERYTHING
    tampered = link.replace("/my-data/", "/my-data/x")
    assert client_for(alfa).get(tampered).status_code == 400
    assert _held(alfa) == EVERYTHING


def test_an_expired_link_is_refused(alfa, monkeypatch):
    resident_everywhere(alfa)
    link = _link_from_mail(alfa)
    later = timezone.now().timestamp() + 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client_for(alfa).post(link + "erase/", {"confirm": "on"})
    assert response.status_code == 400 and "Platnosť odkazu uplynula" in response.content.decode()
    assert _held(alfa) == EVERYTHING


def test_the_request_form_says_the_same_for_unknown_addresses_and_is_rate_limited(alfa):
    client = client_for(alfa)
    first = client.post("/privacy/my-data/", {"email": "nikto@example.org"}, follow=True)
    assert "Ak o tejto adrese uchovávame osobné údaje" in first.content.decode()
    with tenant_context(alfa):
        assert not privacy.holds_anything("nikto@example.org")
    for _ in range(4):
        client.post("/privacy/my-data/", {"email": "nikto@example.org"})
    limited = client.post("/privacy/my-data/", {"email": "nikto@example.org"})
    assert limited.status_code == 400
    with tenant_context(alfa):
        assert PrivacyLinkRequest.objects.count() == 5
    bad = client.post("/privacy/my-data/", {"email": "nie-je-adresa"})
    assert bad.status_code == 400


def test_the_purge_removes_data_past_the_retention_period_here_only(alfa, beta):
    today = timezone.localdate()
    for place in (alfa, beta):
        made = resident_everywhere(place)
        with tenant_context(place):
            past = meeting([made["group"]], day=today - datetime.timedelta(days=31),
                           title="Minulé")
            Registration.objects.create(meeting=past, name="Jozef", email="jozef@example.org",
                                        consent_at=timezone.now())
            recent = meeting([made["group"]], day=today - datetime.timedelta(days=29),
                             title="Nedávne")
            Registration.objects.create(meeting=recent, name="Jana", email="jana@example.org",
                                        consent_at=timezone.now())
            ended, _tree = plan_with_tree(_staff(place), title="Starý plán")
            Comment.objects.create(plan=ended, text="Staré.", email="stary@example.org",
                                   consent_at=timezone.now())
            ended.discussion_from = today - datetime.timedelta(days=90)
            ended.discussion_to = today - datetime.timedelta(days=31)
            ended.save()
            Member.objects.filter(email=EVA).update(state=Member.State.UNCONFIRMED)
            Member.objects.filter(email=EVA).update(
                created_at=timezone.now() - datetime.timedelta(days=8))
    with tenant_context(alfa):
        assert privacy.personal_data_purge() == 3
        assert list(Registration.objects.values_list("email", flat=True).order_by("email")) \
            == [EVA, "jana@example.org"]
        assert Comment.objects.get(text="Staré.").email == ""
        assert not Member.objects.exists()
        # A longer period set by the admin keeps the rest.
        client_for(alfa, account("alfa.admin@test.sk")).post(
            "/staff/privacy/", {"action": "retention", "retention_days": "400"})
        assert PrivacySettings.objects.get().retention_days == 400
        assert privacy.personal_data_purge(today=today + datetime.timedelta(days=10)) == 0
    with tenant_context(beta):
        assert Registration.objects.count() == 3 and Member.objects.count() == 1
        assert Comment.objects.get(text="Staré.").email == "stary@example.org"


def test_a_retention_period_out_of_range_is_refused_in_the_users_language(alfa):
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    response = admin.post("/staff/privacy/", {"action": "retention", "retention_days": "0"})
    assert response.status_code == 400
    assert "Uistite sa, že hodnota je väčšia alebo rovná 1." in response.content.decode()
    with tenant_context(alfa):
        assert not PrivacySettings.objects.exists()
