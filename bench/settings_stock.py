"""Settings of the "before" server in bench/routing.py: the product's settings as they were
before the throughput work — django-tenants' stock backend (a separate `SET search_path`
round trip on every switch), a minute's memory of each host and a minute's connections."""

from hub.settings import *  # noqa: F403
from hub.settings import DATABASES

DATABASES = {**DATABASES, "default": {**DATABASES["default"], "CONN_MAX_AGE": 60,
                                      "ENGINE": "django_tenants.postgresql_backend"}}
DOMAIN_CACHE_LOCAL_SECONDS = 60
