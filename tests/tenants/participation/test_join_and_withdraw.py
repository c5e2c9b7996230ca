"""Joining a working group (consent, e-mail confirmation, staff approval) and withdrawing
(personal data erased, past attendance kept anonymous)."""

import datetime
import re

import pytest
from django.core import mail, signing
from django_tenants.utils import tenant_context

from tenants.participation import mail as participation_mail
from tenants.participation import services
from tenants.participation.models import Attendance, Meeting, Member, Registration
from tenants.participation.tasks import join_confirmation_mail_task
from tests.conftest import account, client_for
from tests.tenants.participation.builders import group_with_members

pytestmark = pytest.mark.django_db

FORM = {"name": "Mária Nová", "email": "Maria.Nova@Example.org", "organisation": "",
        "sector": "user", "phone": "", "consent": "on"}


@pytest.fixture
def group(alfa):
    with tenant_context(alfa):
        group, _ = group_with_members(members=())
    return group


def _members(alfa):
    with tenant_context(alfa):
        return list(Member.objects.values_list("name", "email", "state"))


def test_join_without_consent_is_refused_with_a_clear_error_and_nothing_stored(
        alfa, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(alfa).post(f"/groups/{group.pk}/join/",
                                         {**FORM, "consent": ""})
    assert response.status_code == 400
    assert "bez neho vás nemôžeme zaregistrovať" in response.content.decode()
    assert _members(alfa) == []
    assert callbacks == []


def test_join_confirm_and_approve(alfa, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(alfa).post(f"/groups/{group.pk}/join/", FORM)
    assert response.status_code == 302
    assert _members(alfa) == [("Mária Nová", "maria.nova@example.org", "unconfirmed")]
    # One task queued after commit: the confirmation e-mail (sent here in-process).
    assert len(callbacks) == 1
    with tenant_context(alfa):
        member = Member.objects.get()
        assert participation_mail.join_confirmation(member).send() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria.nova@example.org"]
    assert message.reply_to == ["kpss@alfa.test"]
    link = re.search(r"http://alfa\.localhost(?::\d+)?(/groups/confirm/[^/\s]+/)",
                     message.body).group(1)
    # Staff cannot approve before the address is confirmed.
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    editor.post(f"/staff/members/{member.pk}/decide/", {"decision": "approve"})
    assert _members(alfa)[0][2] == "unconfirmed"
    assert client_for(alfa).get(link).status_code == 200
    assert _members(alfa)[0][2] == "confirmed"
    assert "Mária Nová" in editor.get("/staff/groups/").content.decode()
    editor.post(f"/staff/members/{member.pk}/decide/", {"decision": "approve"})
    assert _members(alfa) == [("Mária Nová", "maria.nova@example.org", "active")]
    # The public page counts members but never shows who they are.
    page = client_for(alfa).get(f"/groups/{group.pk}/").content.decode()
    assert "Mária Nová" not in page and "maria.nova@" not in page


def test_a_tampered_or_expired_confirmation_link_confirms_nothing(alfa, group, monkeypatch):
    with tenant_context(alfa):
        member = services.member_request_join(group=group, name="Ján", email="jan@example.org",
                                              sector="public", consent=True)
        token = services.join_token(member)
    assert client_for(alfa).get(f"/groups/confirm/{token}x/").status_code == 400
    later = datetime.datetime.now().timestamp() + 8 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client_for(alfa).get(f"/groups/confirm/{token}/")
    assert response.status_code == 400
    assert _members(alfa) == [("Ján", "jan@example.org", "unconfirmed")]


def test_refused_request_is_deleted(alfa, group):
    with tenant_context(alfa):
        member = services.member_request_join(group=group, name="Ján", email="jan@example.org",
                                              sector="public", consent=True)
    client_for(alfa, account("alfa.editor@test.sk")).post(
        f"/staff/members/{member.pk}/decide/", {"decision": "refuse"})
    assert _members(alfa) == []


def test_confirmation_task_sends_nothing_for_a_confirmed_member(alfa, group):
    with tenant_context(alfa):
        member = services.member_request_join(group=group, name="Ján", email="jan@example.org",
                                              sector="public", consent=True)
        Member.objects.filter(pk=member.pk).update(state=Member.State.CONFIRMED)
        assert join_confirmation_mail_task.run(member_id=member.pk) == 0
    assert mail.outbox == []


def test_withdrawal_erases_personal_data_and_keeps_attendance_anonymous(alfa):
    with tenant_context(alfa):
        group, (jana, peter) = group_with_members(members=(
            ("Jana Členová", "jana@example.org"), ("Peter", "peter@example.org")))
        Member.objects.filter(pk=jana.pk).update(organisation="Dom seniorov", phone="0900 1",
                                                 note="poznámka")
        held = Meeting.objects.create(title="Minulé", date=datetime.date(2024, 1, 10),
                                      starts_at=datetime.time(9), ends_at=datetime.time(10),
                                      place="Úrad", status=Meeting.Status.HELD)
        held.groups.set([group])
        Attendance.objects.create(meeting=held, member=jana)
        # Jana also registered for an open meeting from the public page, under her address.
        Registration.objects.create(meeting=held, name="Jana Členová", email="Jana@Example.org",
                                    consent_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC))
        Registration.objects.create(meeting=held, name="Iná osoba", email="ina@example.org",
                                    consent_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC))
        token = services.withdraw_token(Member.objects.get(pk=jana.pk))
    client = client_for(alfa)
    assert "Áno, vystúpiť zo skupiny" in client.get(f"/groups/withdraw/{token}/").content.decode()
    assert client.post(f"/groups/withdraw/{token}/").status_code == 200
    with tenant_context(alfa):
        gone = Member.objects.get(pk=jana.pk)
        assert (gone.state, gone.name, gone.email, gone.organisation, gone.phone, gone.note) == (
            "withdrawn", "", "", "", "", "")
        assert gone.withdrawn_at is not None
        assert Attendance.objects.filter(meeting=held).count() == 1
        assert not Member.objects.filter(email="jana@example.org").exists()
        assert list(Registration.objects.values_list("email", flat=True)) == ["ina@example.org"]
        # Nothing personal left in the history either.
        from tenants.history.models import Change
        assert "jana@example.org" not in str(list(Change.objects.values_list("changes",
                                                                             "object_repr")))
        assert "Jana Členová" not in str(list(Change.objects.values_list("changes",
                                                                        "object_repr")))
    # The same link again changes nothing and says the link is no longer valid.
    assert client.post(f"/groups/withdraw/{token}/").status_code == 400
    # A member without attendance is removed altogether.
    with tenant_context(alfa):
        services.member_withdraw(member=Member.objects.get(pk=peter.pk))
        assert not Member.objects.filter(pk=peter.pk).exists()


def test_join_requests_are_rate_limited_per_address(alfa, group):
    client = client_for(alfa)
    for n in range(10):
        response = client.post(f"/groups/{group.pk}/join/", {**FORM, "email": f"p{n}@example.org"})
        assert response.status_code == 302
    refused = client.post(f"/groups/{group.pk}/join/", {**FORM, "email": "p10@example.org"})
    assert refused.status_code == 400 and "o hodinu" in refused.content.decode()
    assert len(_members(alfa)) == 10


def test_a_bot_filling_the_hidden_field_stores_nothing(alfa, group):
    response = client_for(alfa).post(f"/groups/{group.pk}/join/", {**FORM, "website": "x"})
    assert response.status_code == 302
    assert _members(alfa) == []


def test_unconfirmed_requests_expire_with_their_link(alfa, group):
    with tenant_context(alfa):
        old = services.member_request_join(group=group, name="Starý", email="stary@example.org",
                                           sector="public", consent=True)
        Member.objects.filter(pk=old.pk).update(
            created_at=old.created_at - datetime.timedelta(days=8))
        services.member_request_join(group=group, name="Nový", email="novy@example.org",
                                     sector="public", consent=True)
    assert _members(alfa) == [("Nový", "novy@example.org", "unconfirmed")]
