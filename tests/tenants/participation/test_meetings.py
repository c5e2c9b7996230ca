"""Meetings: registration from the public page, the held/cancelled states, minutes,
attendance, the regional figures, and what the public never sees."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.participation import figures, services
from tenants.participation.models import Attendance, Meeting, Registration
from tests.conftest import account, client_for
from tests.tenants.participation.builders import group_with_members, meeting

pytestmark = pytest.mark.django_db

REGISTER = {"name": "Ján Verejný", "email": "jan@example.org", "organisation": "",
            "consent": "on"}


@pytest.fixture
def planned(alfa):
    with tenant_context(alfa):
        group, _ = group_with_members(members=(("Tajná Členka", "tajna@example.org"),))
        return meeting([group], capacity=1)


def _registrations(alfa):
    with tenant_context(alfa):
        return list(Registration.objects.values_list("name", "email"))


def test_registration_needs_consent_and_respects_capacity(alfa, planned):
    client = client_for(alfa)
    refused = client.post(f"/meetings/{planned.pk}/register/", {**REGISTER, "consent": ""})
    assert refused.status_code == 400
    assert "bez neho vás nemôžeme zaregistrovať" in refused.content.decode()
    assert _registrations(alfa) == []
    assert client.post(f"/meetings/{planned.pk}/register/", REGISTER).status_code == 302
    assert _registrations(alfa) == [("Ján Verejný", "jan@example.org")]
    full = client.post(f"/meetings/{planned.pk}/register/",
                       {**REGISTER, "email": "druha@example.org"})
    assert full.status_code == 400 and "plne obsadené" in full.content.decode()
    assert len(_registrations(alfa)) == 1
    # Registrants and members are never on the public page.
    page = client.get(f"/meetings/{planned.pk}/").content.decode()
    assert "jan@example.org" not in page and "Tajná Členka" not in page
    staff = client_for(alfa, account("alfa.viewer@test.sk")).get(
        f"/staff/meetings/{planned.pk}/").content.decode()
    assert "jan@example.org" in staff


def test_registration_closes_when_the_meeting_starts(alfa):
    with tenant_context(alfa):
        group, _ = group_with_members(members=())
        started = meeting([group], day=timezone.localdate() - datetime.timedelta(days=1))
    response = client_for(alfa).post(f"/meetings/{started.pk}/register/", REGISTER)
    assert response.status_code == 400 and "uzavreté" in response.content.decode()
    assert _registrations(alfa) == []


def test_held_minutes_attendance_and_figures(alfa):
    today = timezone.localdate()
    with tenant_context(alfa):
        group, (jana, _peter) = group_with_members(members=(
            ("Jana", "jana@example.org"), ("Peter", "peter@example.org")))
        user = account("alfa.editor@test.sk")
        future = meeting([group], day=today + datetime.timedelta(days=5))
        with pytest.raises(Exception, match="až v deň konania"):
            services.meeting_set_status(user=user, meeting=future, status="held")
        past = meeting([group], title="Minulé", day=today - datetime.timedelta(days=30))
        old = meeting([group], title="Staré", day=today - datetime.timedelta(days=400))
        with pytest.raises(Exception, match="najprv ho označte"):
            services.minutes_save(user=user, meeting=past, minutes="x")
        for m in (past, old):
            services.meeting_set_status(user=user, meeting=m, status="held")
        assert figures.municipality_figures(today) == {"meetings_held_12m": 1,
                                                       "group_members": 2}
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    editor.post(f"/staff/meetings/{past.pk}/attendance/", {"member": [jana.pk]})
    editor.post(f"/staff/meetings/{past.pk}/minutes/",
                {"minutes": "<p>Šesť priorít</p><script>x</script>", "public_attendees": 4,
                 "publish": "on"})
    with tenant_context(alfa):
        past.refresh_from_db()
        assert past.minutes == "<p>Šesť priorít</p>" and past.minutes_published_at
        assert list(Attendance.objects.values_list("meeting", "member")) == [(past.pk, jana.pk)]
        services.member_withdraw(member=jana)
        assert figures.municipality_figures(today) == {"meetings_held_12m": 1,
                                                       "group_members": 1}
        assert Attendance.objects.filter(meeting=past).count() == 1
    page = client_for(alfa).get(f"/meetings/{past.pk}/").content.decode()
    assert "Šesť priorít" in page and "Zúčastnil sa 1 člen" in page
    assert "Jana" not in page


def test_members_api_is_staff_only_and_groups_api_has_no_personal_data(alfa):
    with tenant_context(alfa):
        group, _ = group_with_members(members=(("Tajná Členka", "tajna@example.org"),))
    public = client_for(alfa).get(f"/api/working-groups/{group.pk}/")
    assert public.status_code == 200 and public.json()["member_count"] == 1
    assert "tajna@" not in public.content.decode()
    assert client_for(alfa).get("/api/group-members/").status_code == 401  # no credentials
    staff = client_for(alfa, account("alfa.viewer@test.sk")).get("/api/group-members/").json()
    assert [m["email"] for m in staff["results"]] == ["tajna@example.org"]


def test_meeting_api_validates_and_writes_nothing_on_bad_input(alfa):
    with tenant_context(alfa):
        group, _ = group_with_members(members=())
    client = client_for(alfa, account("alfa.editor@test.sk"))
    bad = client.post("/api/meetings/", {"title": "X", "groups": [group.pk],
                                         "date": "2031-01-01", "starts_at": "15:00",
                                         "ends_at": "12:00", "place": "Úrad"},
                      content_type="application/json")
    assert bad.status_code == 400 and "ends_at" in bad.json()
    with tenant_context(alfa):
        assert Meeting.objects.count() == 0
    good = client.post("/api/meetings/", {"title": "X", "groups": [group.pk],
                                          "date": "2031-01-01", "starts_at": "12:00",
                                          "ends_at": "15:00", "place": "Úrad"},
                       content_type="application/json")
    assert good.status_code == 201 and good.json()["status"] == "planned"


def test_someone_in_two_groups_of_a_joint_meeting_is_invited_once(alfa):
    with tenant_context(alfa):
        seniors, _ = group_with_members(name="Seniori", members=(("Jana", "jana@example.org"),))
        families, _ = group_with_members(name="Rodiny", members=(("Jana", "jana@example.org"),
                                                                 ("Peter", "peter@example.org")))
        joint = meeting([seniors, families])
        assert [m.email for m in services.invitees(joint)] == ["jana@example.org",
                                                               "peter@example.org"]
        assert services.invitees(joint).count() == 2
