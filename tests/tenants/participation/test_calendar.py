"""The schedule's iCalendar feeds: they parse with `icalendar`, carry the municipality's time
zone (Europe/Bratislava for SK, Europe/Prague for CZ) and only that municipality's meetings."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import tenant_context
from icalendar import Calendar

from tests.conftest import client_for
from tests.tenants.participation.builders import group_with_members, meeting

pytestmark = pytest.mark.django_db


def _feed(municipality, path):
    response = client_for(municipality).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_municipality_feed_in_bratislava_time(alfa, beta):
    with tenant_context(alfa):
        seniors, _ = group_with_members()
        families, _ = group_with_members(name="Rodina", members=())
        meeting([seniors, families], day=datetime.date(2023, 10, 4))
        meeting([families], title="Zimné stretnutie", day=datetime.date(2024, 1, 17),
                start=datetime.time(9, 30), end=datetime.time(11))
    with tenant_context(beta):
        group, _ = group_with_members(name="Senioři", members=())
        meeting([group], title="Setkání Beta")
    cal = _feed(alfa, "/schedule.ics")
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["SUMMARY"]) for e in events] == ["Stretnutie pracovných skupín",
                                                   "Zimné stretnutie"]
    first, second = (e.decoded("dtstart") for e in events)
    assert first == datetime.datetime(2023, 10, 4, 12, tzinfo=ZoneInfo("Europe/Bratislava"))
    assert first.utcoffset() == datetime.timedelta(hours=2)  # summer time
    assert second.utcoffset() == datetime.timedelta(hours=1)  # winter time
    assert events[0].decoded("dtend") == datetime.datetime(
        2023, 10, 4, 15, tzinfo=ZoneInfo("Europe/Bratislava"))
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Bratislava"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Bratislava"]
    assert str(events[0]["LOCATION"]) == "zasadačka č. 250, Mestský úrad"
    for event in events:  # RFC 5545 requires UID and DTSTAMP on every VEVENT
        assert event["UID"].endswith("@alfa.localhost") and "DTSTAMP" in event
    # The group's own feed holds only its meetings.
    group_cal = _feed(alfa, f"/groups/{seniors.pk}/schedule.ics")
    assert [str(e["SUMMARY"]) for e in group_cal.walk("VEVENT")] == [
        "Stretnutie pracovných skupín"]


def test_czech_municipality_feed_in_prague_time(beta):
    with tenant_context(beta):
        group, _ = group_with_members(name="Pracovní skupina", members=())
        meeting([group], title="První setkání", day=datetime.date(2013, 12, 11),
                start=datetime.time(9), end=datetime.time(12))
    cal = _feed(beta, "/schedule.ics")
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Prague"
    assert event.decoded("dtstart").astimezone(datetime.UTC) == datetime.datetime(
        2013, 12, 11, 8, tzinfo=datetime.UTC)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Prague"]


def test_group_feed_of_another_municipality_is_404(alfa, beta):
    with tenant_context(alfa):
        group, _ = group_with_members()
    assert client_for(beta).get(f"/groups/{group.pk}/schedule.ics").status_code == 404
