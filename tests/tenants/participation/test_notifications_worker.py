"""Notifications of working groups leave through the real worker after commit, in the
recipient municipality's language: approval and refusal of a request to join, and the
confirmation of a registration for a meeting with an .ics attachment and a cancel link."""

import re

import pytest
from django_tenants.utils import tenant_context
from icalendar import Calendar

from tenants.history.models import Change
from tenants.participation import services
from tenants.participation.models import Meeting, Member, Registration, WorkingGroup
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
            Registration.objects.all().delete()
            Meeting.objects.all().delete()
            Member.objects.all().delete()
            WorkingGroup.objects.all().delete()
            Change.objects.all().delete()


def _request(place, group, name, email):
    with tenant_context(place):
        member = services.member_request_join(group=group, name=name, email=email,
                                              sector="public", consent=True)
        return services.member_confirm(token=services.join_token(member))


def _by_to(outbox, address):
    return [m for m in outbox() if m["To"] == address]


def test_approval_and_refusal_are_mailed_in_the_municipalitys_language(places, worker_outbox):
    beta = places["beta"]
    with tenant_context(beta):
        group, _ = group_with_members(name="Senioři", members=())
    yes = _request(beta, group, "Jana", "jana@example.cz")
    no = _request(beta, group, "Petr", "petr@example.cz")
    admin = client_for(beta, account("beta.admin@test.sk"))
    admin.post(f"/staff/members/{yes.pk}/decide/", {"decision": "approve"})
    admin.post(f"/staff/members/{no.pk}/decide/", {"decision": "refuse"})
    approved = wait_for(lambda: [m for m in _by_to(worker_outbox, "jana@example.cz")
                                 if "členem" in m["Subject"]])
    refused = wait_for(lambda: [m for m in _by_to(worker_outbox, "petr@example.cz")
                                if "žádost" in m["Subject"]])
    assert approved[0]["Subject"].strip() == "Jste členem pracovní skupiny: Senioři"
    assert "schválila vaše členství" in approved[0].get_body().get_content()
    assert refused[0]["Subject"].strip() == "Vaše žádost o členství: Senioři"
    assert "byly smazány" in refused[0].get_body().get_content()
    # One decision each (a join confirmation may have gone out before the address was
    # confirmed, depending on how fast the worker was).
    decisions = [m["To"] for m in worker_outbox() if "Potvrďte" not in m["Subject"]]
    assert sorted(decisions) == ["jana@example.cz", "petr@example.cz"]
    with tenant_context(beta):
        assert list(Member.objects.values_list("email", "state")) == [
            ("jana@example.cz", "active")]


def test_a_registration_is_confirmed_with_the_meeting_and_a_link_that_cancels_it(
        places, worker_outbox):
    alfa = places["alfa"]
    with tenant_context(alfa):
        group, _ = group_with_members(members=())
        planned = meeting([group])
    response = client_for(alfa).post(f"/meetings/{planned.pk}/register/", {
        "name": "Eva Malá", "email": "eva@example.org", "consent": "on"})
    assert response.status_code == 302
    message = wait_for(lambda: worker_outbox())[0]
    assert message["To"] == "eva@example.org"
    assert message["Subject"].strip() == "Ste zaregistrovaný/á: Stretnutie pracovných skupín"
    body = message.get_body(("plain",)).get_content()
    assert "sobota 4. 10. 2031, 12:00–15:00" in body
    ics = next(part for part in message.iter_attachments()
               if part.get_content_type() == "text/calendar")
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Stretnutie pracovných skupín"
    cancel = re.search(r"http://alfa\.localhost(?::\d+)?(/meetings/registration/cancel/\S+/)",
                       body).group(1)
    # Another municipality does not know the link; a GET (a mail scanner) cancels nothing.
    assert client_for(places["beta"]).post(cancel).status_code == 400
    assert client_for(alfa).get(cancel).status_code == 200
    with tenant_context(alfa):
        assert Registration.objects.count() == 1
    page = client_for(alfa).post(cancel)
    assert page.status_code == 200 and "zrušená" in page.content.decode()
    with tenant_context(alfa):
        assert not Registration.objects.exists()
    assert client_for(alfa).post(cancel).status_code == 400
    assert len(worker_outbox()) == 1
