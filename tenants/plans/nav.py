"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label)
PUBLIC = [("plans:public_in_force", _("Plan"))]
# (url name, title, one-sentence description); the plans card is part of the staff page itself.
STAFF = []
