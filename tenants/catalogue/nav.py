"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label) — labels with gettext_lazy
PUBLIC = [("catalogue:public", _("Services"))]
# (url name, title, one-sentence description)
STAFF = [("catalogue:staff_services", _("Catalogue of services"),
          _("Providers and their social services; import, export and the public catalogue."))]
