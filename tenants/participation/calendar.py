"""Meeting times in the municipality's zone and iCalendar (RFC 5545) feeds of meetings."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils.html import strip_tags
from icalendar import Calendar, Event, vText

from hub.tenancy.urls import municipality_url

ZONES = {"SK": "Europe/Bratislava", "CZ": "Europe/Prague"}


def zone() -> ZoneInfo:
    """The current municipality's time zone (by country)."""
    country = getattr(getattr(connection, "tenant", None), "country", "SK")
    return ZoneInfo(ZONES.get(country, settings.TIME_ZONE))


def meeting_start(meeting) -> datetime.datetime:
    return datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=zone())


def meeting_end(meeting) -> datetime.datetime:
    return datetime.datetime.combine(meeting.date, meeting.ends_at, tzinfo=zone())


def _plain(html: str) -> str:
    text = strip_tags((html or "").replace("</p>", "\n").replace("<br>", "\n")
                      .replace("</li>", "\n"))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def meeting_event(meeting, municipality, *, site: str | None = None) -> Event:
    """One VEVENT; ``site`` (the municipality's address) is looked up once per feed."""
    event = Event()
    host = f"{municipality.slug}.{settings.PLATFORM_DOMAIN}"
    site = site or municipality_url(municipality, "")
    event.add("uid", f"{meeting.uid}@{host}")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting_start(meeting))
    event.add("dtend", meeting_end(meeting))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    location = ", ".join(part for part in (meeting.room, meeting.place) if part)
    if location:
        event.add("location", vText(location))
    groups = ", ".join(g.name for g in meeting.groups.all())
    description = "\n\n".join(part for part in (groups, _plain(meeting.agenda)) if part)
    if description:
        event.add("description", description)
    event.add("url", f"{site}/meetings/{meeting.pk}/")
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    return event


def feed(meetings, *, municipality, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per meeting and the VTIMEZONE its times refer to."""
    cal = Calendar()
    cal.add("prodid", "-//Komplan//Community planning of social services//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(zone()))
    site = municipality_url(municipality, "")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, municipality, site=site))
    cal.add_missing_timezones()
    return cal.to_ical()
