"""The public home page's content, cached per municipality and language until something it
shows is written, the day changes or KOMPLAN_HOME_CACHE_SECONDS (ten minutes) pass.

Why: at 9,000 municipalities a web process's database connections meet most of them for the
first time, and PostgreSQL reads each schema's catalogue entries on that first meeting —
about 20 ms for the home page's four tables, more than the page itself (README, *Host
rotation*). A cached home page asks the municipality's schema nothing.

The key has a version the municipality's writes change: saving or deleting an introduction,
a news item, a meeting or a plan changes it at once and again when the transaction commits
(a reader between the two may have cached the old content under the first new version; the
second makes that entry unreachable). Writes that bypass signals (``QuerySet.update``) and
what time alone changes (a news item's publication time passing) are seen within seconds();
the date is in the key, so "upcoming" and "in force" follow the calendar. The default cache
is per schema (django-tenants' key function), so one municipality's content is never
another's. With Redis down the version reads as "0" and nothing is stored: the page is built
every time, as before.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "portal:home:version"
#: What the home page shows (tenants/portal/templates/portal/home.html).
WATCHED = (("portal", "Introduction"), ("portal", "NewsItem"),
           ("participation", "Meeting"), ("plans", "Plan"))


def seconds() -> int:
    """How long the content is kept; 0: not cached (the page is built every time)."""
    return settings.KOMPLAN_HOME_CACHE_SECONDS


def version() -> str:
    """The content's current version; switched off, a new one each time, so that neither an
    entry cached before nor one another process still caches is ever read."""
    if not seconds():
        return "off-" + uuid.uuid4().hex
    return cache.get(VERSION_KEY) or "0"


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
