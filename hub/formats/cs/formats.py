"""Czech formats: Django's, with the short date written as templates write it ("1. 1. 2028")."""

from django.conf.locale.cs.formats import *  # noqa: F403
from django.conf.locale.cs.formats import DATE_INPUT_FORMATS as _DATE_INPUT_FORMATS

# Messages of services, regional pages and documents use SHORT_DATE_FORMAT; Django's
# "01.01.2028" differed from the "1. 1. 2028" every template writes.
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y G:i"
# What people type back: "1. 1. 2028" as well as "01.01.2028".
DATE_INPUT_FORMATS = list(dict.fromkeys([*_DATE_INPUT_FORMATS, "%d. %m. %Y", "%d.%m.%Y"]))
