"""Participation benchmarks: the schedule page and iCalendar feed with many meetings, and the
cost of rendering one invitation e-mail (with its .ics) per member.

Runs in one municipality of an existing database (default: banska-bystrica of the demo; run
`manage.py seed_demo` first), inside a transaction that is rolled back, so nothing stays:
    DATABASE_URL=... .venv/bin/python bench/participation.py [--meetings 500] [--members 200]
Prints server-side times measured in-process with Django's test client (no network).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
os.environ.setdefault("KOMPLAN_TESTING", "1")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="banska-bystrica")
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    import datetime

    from django.conf import settings
    from django.db import transaction
    from django.test import Client
    from django_tenants.utils import tenant_context

    from hub.municipalities.models import Municipality
    from tenants.participation import mail
    from tenants.participation.models import Meeting, Member, WorkingGroup

    settings.ALLOWED_HOSTS = ["*"]
    municipality = Municipality.objects.get(slug=args.slug)
    client = Client(HTTP_HOST=f"{municipality.slug}.{settings.PLATFORM_DOMAIN}")
    rows = []

    class Rollback(Exception):
        pass

    try:
        with tenant_context(municipality), transaction.atomic():
            group = WorkingGroup.objects.create(name="Bench skupina")
            start = datetime.date(2020, 1, 1)
            meetings = Meeting.objects.bulk_create([
                Meeting(title=f"Stretnutie {n}", date=start + datetime.timedelta(days=7 * n),
                        starts_at=datetime.time(12), ends_at=datetime.time(15),
                        place="Mestský úrad", room="č. 250", agenda="<p>Program</p>")
                for n in range(args.meetings)])
            group.meetings.add(*meetings)
            members = Member.objects.bulk_create([
                Member(group=group, name=f"Člen {n}", email=f"clen{n}@example.org",
                       sector="public") for n in range(args.members)])
            total = Meeting.objects.count()
            for label, path in [("schedule.ics (all meetings)", "/schedule.ics"),
                                (f"group feed ({args.meetings} meetings)",
                                 f"/groups/{group.pk}/schedule.ics"),
                                ("/schedule/ page", "/schedule/")]:
                assert client.get(path).status_code == 200
                rows.append((label, total if "all" in label or "page" in label
                             else args.meetings, timed(lambda path=path: client.get(path), args.repeat)))
            meeting = meetings[-1]
            member = members[0]
            per_message = timed(lambda: mail.invitation(meeting, member).message(),
                                args.repeat * 5)
            rows.append(("one invitation e-mail incl. .ics (render)", 1, per_message))
            raise Rollback
    except Rollback:
        pass

    print(f"participation bench, {time.strftime('%Y-%m-%d')}, municipality {args.slug}, "
          f"median of {args.repeat} runs")
    print(f"{'what':<45} {'meetings':>9} {'ms':>9}")
    for label, count, ms in rows:
        print(f"{label:<45} {count:>9} {ms:>9.1f}")
    print(f"invitations to {args.members} members ≈ {rows[-1][2] * args.members / 1000:.2f} s "
          "of rendering in the worker (plus the mail transport)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
