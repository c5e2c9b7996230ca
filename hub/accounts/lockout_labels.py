"""django-axes' own admin labels, named here so that `make messages` keeps their Slovak and
Czech translations in hub/locale (axes ships neither language)."""

from django.utils.translation import gettext_noop

LABELS = [
    gettext_noop("Username"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("HTTP Accept"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
]
