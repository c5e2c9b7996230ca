"""Links this app adds to the public header and to the staff start page (hub/tenancy/nav.py)."""

from django.utils.translation import gettext_lazy as _

# (url name, label)
PUBLIC = [("plans:public_in_force", _("Plan"))]
# (url name, title, one-sentence description); the plans card is part of the staff page itself.
STAFF = []
