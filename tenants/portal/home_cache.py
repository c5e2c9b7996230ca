"""The public home page's content, cached per municipality and language until something it
shows changes: a write, the day, a scheduled news item coming out, or the municipality's own
name, contact or facts — KOMPLAN_HOME_CACHE_SECONDS (an hour) bounds only changes made past
the models (SQL by hand).

Why: at 9,000 municipalities a web process's database connections meet most of them for the
first time, and PostgreSQL reads each schema's catalogue entries on that first meeting —
about 20 ms for the home page's four tables, more than the page itself (README, *Host
rotation*). A cached home page asks the municipality's schema nothing. It used to expire
after ten minutes because time alone changes it (a scheduled news item's hour coming); the
entry now lives exactly until the next scheduled publication, so at 9,000 a page is rebuilt
when something changed instead of six times an hour.

The key has a version the municipality's writes change: saving or deleting an introduction,
a news item, a meeting or a plan changes it at once and again when the transaction commits
(a reader between the two may have cached the old content under the first new version; the
second makes that entry unreachable). The date is in the key, so "upcoming" and "in force"
follow the calendar; so is a stamp of the municipality's whole row with its region's and
district's names (from the host lookup's copy, which every change of them refreshes) — a
municipality deleted and restored under the same slug, schema and all, never sees its old
entries; and so is a stamp of the release's template and translations, so a deploy shows its
own content at once. The default cache is per schema (django-tenants' key function), so one
municipality's content is never another's. With Redis down the version reads as "0" and
nothing is stored: the page is built every time, as before.
"""

import datetime
import functools
import hashlib
import math
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

VERSION_KEY = "portal:home:version"
TEMPLATE = "portal/home_content.html"
#: What the home page shows (TEMPLATE).
WATCHED = (("portal", "Introduction"), ("portal", "NewsItem"),
           ("participation", "Meeting"), ("plans", "Plan"))


def seconds() -> int:
    """How long the content is kept at most; 0: not cached (built on every request)."""
    return settings.KOMPLAN_HOME_CACHE_SECONDS


def version() -> str:
    """The content's current version; switched off, a new one each time, so that neither an
    entry cached before nor one another process still caches is ever read."""
    if not seconds():
        return "off-" + uuid.uuid4().hex
    return cache.get(VERSION_KEY) or "0"


@functools.cache
def release_stamp() -> str:
    """This release's content template and the project's translations, as a short hash: a
    deploy that changes either never serves what the release before it cached (for up to
    seconds()); during a rolling deploy each release reads its own entries."""
    from django.apps import apps
    from django.template.loader import get_template

    parts = [Path(get_template(TEMPLATE).origin.name).read_bytes()]
    base = Path(settings.BASE_DIR)
    # The project's own apps only: installed packages (a .venv may sit inside BASE_DIR) change
    # with a release's lock file, and their templates are not in this content.
    folders = [Path(p) for p in settings.LOCALE_PATHS] + [
        Path(app.path) / "locale" for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base) and "site-packages" not in Path(app.path).parts]
    for catalogue in sorted({mo for folder in folders
                             for mo in folder.glob("*/LC_MESSAGES/django.mo")}):
        parts += [str(catalogue.relative_to(base)).encode(), catalogue.read_bytes()]
    return hashlib.blake2b(b"\0".join(parts), digest_size=8).hexdigest()


def municipality_stamp(municipality) -> str:
    """The municipality's own row, every field, with its region's and district's names, as a
    short hash: whatever of it the content shows now or later, a change gives another key."""
    row = [getattr(municipality, field.attname)
           for field in municipality._meta.concrete_fields]
    row += [str(municipality.district or ""), str(municipality.region or "")]
    return hashlib.blake2b(repr(row).encode(), digest_size=8).hexdigest()


def content(municipality, language: str, build: Callable[[], str]) -> str:
    """The home page's content: from the cache, or built and kept until it may change."""
    if not seconds():
        return build()
    today = timezone.localdate().isoformat()
    key = (f"portal:home:{release_stamp()}:{version()}:{today}:{language}:"
           f"{municipality_stamp(municipality)}")
    html = cache.get(key)
    if html is None:
        now = timezone.now()
        html = build()
        if cache.answering():  # with Redis down nothing is kept: no need to ask when to drop it
            cache.set(key, html, keep_for(now, next_publication(now)))
    return html


def keep_for(now: datetime.datetime, publication: datetime.datetime | None) -> int:
    """Seconds an entry built at ``now`` stays right: until the next scheduled news item
    comes out, at most seconds()."""
    if publication is None:
        return seconds()
    return max(1, min(seconds(), math.ceil((publication - now).total_seconds())))


def next_publication(now: datetime.datetime) -> datetime.datetime | None:
    """When the next scheduled news item comes out (read only when the content is built)."""
    from tenants.portal.models import NewsItem

    return (NewsItem.objects.filter(published_at__gt=now).order_by("published_at")
            .values_list("published_at", flat=True).first())


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def changed(**_kwargs) -> None:
    _bump()
    transaction.on_commit(_bump)


def connect() -> None:
    from django.apps import apps

    for app_label, model_name in WATCHED:
        model = apps.get_model(app_label, model_name)
        uid = f"portal-home-cache-{app_label}.{model_name}"
        post_save.connect(changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(changed, sender=model, dispatch_uid=uid + "-delete")
