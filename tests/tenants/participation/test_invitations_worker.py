"""Invitations leave through the real worker process, one message per member of this
municipality's groups only. The worker runs Django's file e-mail backend into a tmp folder
(tests/conftest.py), so its messages are read back from there."""

import datetime

import pytest
from django_tenants.utils import tenant_context
from icalendar import Calendar

from tenants.participation.models import Meeting, Member, WorkingGroup
from tenants.participation.tasks import meeting_invitations_task
from tests.conftest import account, client_for, wait_for
from tests.tenants.participation.builders import group_with_members, meeting

pytestmark = pytest.mark.worker


@pytest.fixture
def places(live_db):
    from hub.municipalities.models import Municipality

    found = {m.slug: m for m in Municipality.objects.filter(slug__in=["alfa", "beta"])}
    yield found
    for m in found.values():
        with tenant_context(m):
            Meeting.objects.all().delete()
            Member.objects.all().delete()
            WorkingGroup.objects.all().delete()


def test_invitations_go_to_this_municipalitys_members_one_message_each(places, worker_outbox):
    alfa, beta = places["alfa"], places["beta"]
    with tenant_context(beta):
        beta_group, _ = group_with_members(name="Senioři", members=(
            ("Cizí Člen", "cizi@beta.example"),))
        meeting([beta_group], title="Setkání Beta")
    with tenant_context(alfa):
        seniors, _ = group_with_members(name="Seniori", members=(
            ("Jana", "jana@alfa.example"), ("Peter", "peter@alfa.example")))
        families, _ = group_with_members(name="Rodina", members=(
            ("Eva", "eva@alfa.example"),))
        _other, _ = group_with_members(name="Iná", members=(("Mimo", "mimo@alfa.example"),))
        Member.objects.create(group=seniors, name="Nepotvrdený", email="nie@alfa.example",
                              sector="public", state=Member.State.CONFIRMED)
        held = meeting([seniors, families], title="Stretnutie k akčnému plánu",
                       day=datetime.date(2031, 10, 4))
    response = client_for(alfa, account("alfa.editor@test.sk")).post(
        f"/staff/meetings/{held.pk}/invite/")
    assert response.status_code == 302
    messages = wait_for(lambda: len(worker_outbox()) >= 3 and worker_outbox())
    recipients = sorted(addr for m in messages for addr in m["To"].addresses
                        for addr in [addr.addr_spec])
    assert recipients == ["eva@alfa.example", "jana@alfa.example", "peter@alfa.example"]
    assert all(len(m["To"].addresses) == 1 and m["Cc"] is None and m["Bcc"] is None
               for m in messages)
    first = messages[0]
    assert first["Subject"].strip() == "Pozvánka: Stretnutie k akčnému plánu, 4. 10. 2031"
    assert first["Reply-To"] == "kpss@alfa.test"
    body = first.get_body(preferencelist=("plain",)).get_content()
    assert "zasadačka č. 250" in body and "12:00–15:00" in body
    assert "http://alfa.localhost" in body and "/groups/withdraw/" in body
    ics = next(part for part in first.iter_attachments()
               if part.get_content_type() == "text/calendar")
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2031-10-04T12:00:00+02:00"
    # A retry of the task sends nothing twice.
    with tenant_context(alfa):
        assert meeting_invitations_task.delay(meeting_id=held.pk).get(timeout=30) == 0
        assert held.invitations.count() == 3
    assert len(worker_outbox()) == 3


def test_cancelling_tells_the_invited_members(places, worker_outbox):
    alfa = places["alfa"]
    with tenant_context(alfa):
        group, _ = group_with_members(members=(("Jana", "jana@alfa.example"),))
        planned = meeting([group])
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    editor.post(f"/staff/meetings/{planned.pk}/invite/")
    wait_for(lambda: len(worker_outbox()) == 1)
    editor.post(f"/staff/meetings/{planned.pk}/status/", {"status": "cancelled"})
    messages = wait_for(lambda: len(worker_outbox()) == 2 and worker_outbox())
    assert messages[1]["Subject"].strip().startswith("Zrušené: Stretnutie pracovných skupín")
    ics = next(p for p in messages[1].iter_attachments()
               if p.get_content_type() == "text/calendar")
    assert "STATUS:CANCELLED" in ics.get_content()


def test_invitations_asked_for_while_the_broker_is_down_leave_when_it_is_back(places,
                                                                             worker_outbox):
    from tests.workers.broker import broker_down
    from workers import outbox
    from workers.models import Dispatch

    alfa = places["alfa"]
    with tenant_context(alfa):
        group, _ = group_with_members(members=(("Jana", "jana@alfa.example"),
                                               ("Peter", "peter@alfa.example")))
        planned = meeting([group])
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    try:
        with broker_down():
            response = editor.post(f"/staff/meetings/{planned.pk}/invite/")
            assert response.status_code == 302  # no error page: the run is recorded
            assert outbox.sweep()["sent"] == 0
        entry = Dispatch.objects.get(schema_name="m_alfa",
                                     key=f"participation.invitations:{planned.pk}")
        assert (entry.dispatched_at, entry.kwargs) == (None, {"meeting_id": planned.pk})
        assert worker_outbox() == []
        assert outbox.sweep()["sent"] >= 1
        messages = wait_for(lambda: len(worker_outbox()) >= 2 and worker_outbox())
        assert sorted(m["To"].addresses[0].addr_spec for m in messages) == [
            "jana@alfa.example", "peter@alfa.example"]
        wait_for(lambda: Dispatch.objects.get(pk=entry.pk).finished_at)
        outbox.sweep()
        assert Dispatch.objects.get(pk=entry.pk).sends == 1
        assert len(worker_outbox()) == 2
    finally:
        Dispatch.objects.filter(schema_name="m_alfa").delete()
