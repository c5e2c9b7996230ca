"""Host → municipality lookup, cached in Redis and invalidated whenever a domain or tenant changes.

django-tenants' stock middleware queries the Domain table on every request. Here the answer
(including "no such host", briefly) is cached under a schema-independent key; saving or
deleting a Domain or Municipality deletes the affected keys after the transaction commits.
"""

import functools
import hashlib

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from hub.municipalities.models import Domain, Municipality

FOUND_SECONDS = 300
MISSING_SECONDS = 30
_MISSING = "missing"


def _cache():
    return caches["platform"]


@functools.cache
def _shape() -> str:
    # Cached values are pickled model instances: a deploy that changes the model's fields
    # must not unpickle old ones, so the key carries the field list's hash.
    fields = ",".join(f.attname for f in Municipality._meta.concrete_fields)
    return hashlib.sha256(fields.encode()).hexdigest()[:8]


def _key(hostname: str) -> str:
    return f"domain:{_shape()}:{hostname}"


def municipality_for_host(hostname: str) -> Municipality | None:
    """The municipality served at ``hostname``, or None; one Redis GET when warm."""
    cached = _cache().get(_key(hostname))
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    if domain is None:
        _cache().set(_key(hostname), _MISSING, MISSING_SECONDS)
        return None
    _cache().set(_key(hostname), domain.tenant, FOUND_SECONDS)
    return domain.tenant


def forget_hosts(*hostnames: str) -> None:
    """Drop cached answers for these hosts now and once more after commit (no stale refill)."""
    keys = [_key(h) for h in hostnames if h]
    if not keys:
        return
    _cache().delete_many(keys)
    transaction.on_commit(lambda: _cache().delete_many(keys))


@receiver(pre_save, sender=Domain)
def _remember_old_hostname(sender, instance, **kwargs):
    if instance.pk:
        instance._old_hostname = (Domain.objects.filter(pk=instance.pk)
                                  .values_list("domain", flat=True).first())


@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def _domain_changed(sender, instance, **kwargs):
    forget_hosts(instance.domain, getattr(instance, "_old_hostname", None) or "")


@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
def _municipality_changed(sender, instance, **kwargs):
    forget_hosts(*Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
