"""Host → municipality lookup in two levels, invalidated whenever a domain or tenant changes.

django-tenants' stock middleware queries the Domain table on every request. Here the answer
(also "no such host", briefly) is kept in Redis under a schema-independent key, and in each
process's memory. A change deletes the Redis keys and publishes the host names; every
process listens and drops them from memory at once. Memory keeps a host
DOMAIN_CACHE_LOCAL_SECONDS (5 minutes; Redis an hour): with a minute, a process serving 1,000
municipalities in turn found about half of them expired and asked Redis again. Measured on
this kind of machine a loopback round trip costs 0.4–0.5 ms, which was the largest cost of
routing a request.

Redis is optional for reading (issue #12): when it does not answer within a fraction of a
second the lookup goes to the database, and the per-process breaker (``hub.redis_guard``)
skips Redis for a few seconds, so an outage costs one timeout per process per interval. Host
names whose Redis keys could not be deleted are remembered and deleted once Redis is back;
the listener forgets this process's memory whenever it (re)subscribes, since invalidations
sent meanwhile were lost.
"""

import copy
import functools
import hashlib
import logging
import os
import pickle
import threading
import time

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django_tenants.utils import get_tenant_domain_model, get_tenant_model

from hub import redis_guard

logger = logging.getLogger(__name__)
#: Redis keeps a found host an hour. Every change deletes its key (``forget_hosts``), so the
#: expiry is only the bound on how long a change can go unseen when that delete was lost: Redis
#: was down at the change and the process that kept the delete to retry died before Redis came
#: back (``_pending_forgets`` lives in its memory). At five minutes each process's memory
#: (DOMAIN_CACHE_LOCAL_SECONDS) and Redis expired together and the host's next request went to
#: the database — one request in twelve rotating over 3,000; at an hour, one host lookup per
#: host an hour for the whole platform.
FOUND_SECONDS = 3600
MISSING_SECONDS = 30
OUTAGE_LOCAL_SECONDS = 60
_MISSING = "missing"
_UNANSWERED = object()
LISTENER_RETRY_MAX_SECONDS = 5

_local: dict[str, tuple[float, object | None]] = {}  # hostname → (stored at, municipality)
_listening = False  # the listener is subscribed: changes reach this process at once
_generation = 0  # bumped by every invalidation this process hears of
_listener_pid: int | None = None
_lock = threading.Lock()
_pending_forgets: set[str] = set()  # hosts whose Redis keys could not be deleted yet


@functools.cache
def _client(url: str, blocking: bool) -> redis.Redis:
    # redis-py's pool notices a fork and reconnects, so one client per process is safe.
    return redis.Redis.from_url(url, **redis_guard.client_options(blocking=blocking))


def _redis() -> redis.Redis:
    return _client(settings.REDIS_URL, False)


def _redis_listening() -> redis.Redis:
    # The listener waits for messages: a connect timeout, but no read timeout.
    return _client(settings.REDIS_URL, True)


def _breaker() -> redis_guard.Breaker:
    return redis_guard.breaker_for(settings.REDIS_URL)


def _ask_redis(call, *args, **kwargs):
    """``call(*args)`` on Redis, or ``_UNANSWERED`` when Redis is down (breaker open or the
    call failed)."""
    breaker = _breaker()
    if not breaker.allow():
        return _UNANSWERED
    try:
        result = call(*args, **kwargs)
    except redis_guard.OUTAGE_ERRORS as error:
        breaker.failed(error)
        return _UNANSWERED
    breaker.succeeded()
    return result


@functools.cache
def _shape() -> str:
    # Cached values are pickled model instances: a deploy that changes the model's fields
    # must not unpickle old ones, so the key carries the field list's hash.
    fields = ",".join(f.attname for f in get_tenant_model()._meta.concrete_fields)
    return hashlib.sha256(fields.encode()).hexdigest()[:8]


def _key(hostname: str) -> str:
    return f"{settings.CACHES['platform']['KEY_PREFIX']}:domain:{_shape()}:{hostname}"


def _channel() -> str:
    # Redis Pub/Sub ignores the database number: the channel names it, or another instance
    # (or test process) on the same server with its own database would empty this memory.
    database = _redis().connection_pool.connection_kwargs.get("db", 0)
    return f"{settings.CACHES['platform']['KEY_PREFIX']}:db{database}:domain-changes"


def _drop_local(hostnames) -> None:
    global _generation
    with _lock:
        _generation += 1
        for hostname in hostnames:
            _local.pop(hostname, None)


def local_clear() -> None:
    global _generation
    with _lock:
        _generation += 1
        _local.clear()


def _listen() -> None:
    """Drop hosts from this process's memory as other processes announce changes; survive
    any Redis outage (retrying with a growing pause, logging once per outage)."""
    pause, lost = 0.2, False
    while True:
        pubsub = _redis_listening().pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.subscribe(_channel())
            # Whatever was cached before (re)subscribing may be stale: changes announced
            # while the channel was lost never arrived.
            local_clear()
            _set_listening(True)
            _retry_pending_forgets()
            if lost:
                logger.warning("Domain cache listens for changes again")
            pause, lost = 0.2, False
            for message in pubsub.listen():
                _drop_local(message["data"].decode().split("\n"))
        except Exception as error:  # the thread must outlive anything
            _set_listening(False)
            if not lost:
                logger.warning("Domain cache lost its invalidation channel (%s); retrying "
                               "every few seconds, lookups go to the database meanwhile",
                               type(error).__name__)
            lost = True
            time.sleep(pause)
            pause = min(pause * 2, LISTENER_RETRY_MAX_SECONDS)
        finally:
            pubsub.close()


def _set_listening(listening: bool) -> None:
    global _listening
    _listening = listening


def _ensure_listener() -> None:
    global _listener_pid
    if _listener_pid == os.getpid():
        return
    with _lock:
        if _listener_pid == os.getpid():
            return
        _listener_pid = os.getpid()  # also after a fork: the parent's thread is not here
        _local.clear()
    threading.Thread(target=_listen, name="domain-cache-invalidation", daemon=True).start()


def _memory_seconds(municipality) -> float:
    """How long this process trusts its memory of a host. While the listener hears changes,
    DOMAIN_CACHE_LOCAL_SECONDS (the only way to miss one, a lost connection, clears the
    memory); while it does not (Redis down), a minute, so changes made meanwhile by other
    processes show within a minute."""
    if municipality is None:
        return MISSING_SECONDS
    return settings.DOMAIN_CACHE_LOCAL_SECONDS if _listening else OUTAGE_LOCAL_SECONDS


def municipality_for_host(hostname: str):
    """The municipality served at ``hostname``, or None; no I/O when warm."""
    _ensure_listener()
    entry = _local.get(hostname)
    now = time.monotonic()
    if entry is not None and entry[0] + _memory_seconds(entry[1]) > now:
        return copy.copy(entry[1]) if entry[1] is not None else None
    generation = _generation
    if _pending_forgets:  # a change made while Redis was down: delete its stale keys first
        _retry_pending_forgets()
    raw = _ask_redis(_redis().get, _key(hostname))
    if raw is not None and raw is not _UNANSWERED:
        # Only this module writes these keys, in a Redis that only the platform reaches.
        cached = pickle.loads(raw)  # noqa: S301
        municipality = None if cached == _MISSING else cached
    else:
        # Region and district come along: pages show them, and a cached tenant without
        # them would cost two queries on every request.
        domain = (get_tenant_domain_model().objects.select_related("tenant__region", "tenant__district")
                  .filter(domain=hostname).first())
        municipality = domain.tenant if domain else None
        if raw is None:  # Redis answered "not there": fill it (not while it is down)
            _ask_redis(_redis().set, _key(hostname), pickle.dumps(municipality or _MISSING),
                       ex=FOUND_SECONDS if municipality else MISSING_SECONDS)
    with _lock:
        # An invalidation heard meanwhile means what was read may already be stale.
        if generation == _generation:
            _local[hostname] = (now, municipality)
    return copy.copy(municipality) if municipality is not None else None


def forget_hosts(*hostnames: str) -> None:
    """Drop cached answers for these hosts everywhere, now and once more after commit."""
    hostnames = [h for h in hostnames if h]
    if not hostnames:
        return

    def forget():
        _drop_local(hostnames)
        if _forget_in_redis(hostnames):
            _retry_pending_forgets()
        else:
            # Deleted as soon as Redis answers again (by the listener on reconnecting, or
            # with the next change); until then lookups skip Redis or its key expires.
            with _lock:
                _pending_forgets.update(hostnames)

    forget()
    transaction.on_commit(forget)


def _forget_in_redis(hostnames) -> bool:
    def delete_and_announce():
        _redis().delete(*[_key(h) for h in hostnames])
        _redis().publish(_channel(), "\n".join(hostnames))
        return True

    return _ask_redis(delete_and_announce) is True


def _retry_pending_forgets() -> None:
    with _lock:
        pending = sorted(_pending_forgets)
        _pending_forgets.clear()
    if pending and not _forget_in_redis(pending):
        with _lock:
            _pending_forgets.update(pending)


def _remember_old_hostname(sender, instance, **kwargs):
    if instance.pk:
        instance._old_hostname = (sender.objects.filter(pk=instance.pk)
                                  .values_list("domain", flat=True).first())


def _domain_changed(sender, instance, **kwargs):
    forget_hosts(instance.domain, getattr(instance, "_old_hostname", None) or "")


def _municipality_changed(sender, instance, **kwargs):
    forget_hosts(*get_tenant_domain_model().objects.filter(tenant_id=instance.pk)
                 .values_list("domain", flat=True))


def _region_changed(sender, instance, **kwargs):
    # The cached municipality carries its region and district (select_related above), and
    # Redis keeps it an hour: a renamed kraj or ORP must not show under its old name that long.
    forget_hosts(*get_tenant_domain_model().objects.filter(
        Q(tenant__region_id=instance.pk) | Q(tenant__district_id=instance.pk))
        .values_list("domain", flat=True))


def connect_invalidation() -> None:
    """Drop cached lookups on every save or delete of a domain, a municipality or a region
    (called once, from TenancyConfig.ready)."""
    domain, municipality = get_tenant_domain_model(), get_tenant_model()
    region = municipality._meta.get_field("region").related_model
    # Before a region's delete: afterwards its municipalities no longer point to it.
    for signal in (post_save, pre_delete):
        signal.connect(_region_changed, sender=region,
                       dispatch_uid=f"domain_cache_region_{signal is post_save}")
    pre_save.connect(_remember_old_hostname, sender=domain, dispatch_uid="domain_cache_pre")
    for signal in (post_save, post_delete):
        signal.connect(_domain_changed, sender=domain,
                       dispatch_uid=f"domain_cache_domain_{signal is post_save}")
        signal.connect(_municipality_changed, sender=municipality,
                       dispatch_uid=f"domain_cache_municipality_{signal is post_save}")
