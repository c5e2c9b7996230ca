"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label) — labels with gettext_lazy
PUBLIC = [("documents:public_list", _("Leaflets and catalogue"))]
# (url name, title, one-sentence description)
STAFF = [("documents:staff_list", _("Documents"),
          _("Generate the provider catalogue, leaflets, the plan, action plans and evaluation "
            "reports as PDF."))]
