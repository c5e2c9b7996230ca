"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label)
PUBLIC = [("funding:public_rounds", _("Funding"))]
# (url name, title, one-sentence description)
STAFF = [("funding:staff_rounds", _("Funding of services"),
          _("Funding rounds: criteria and weights, applications, scoring and the allocation.")),
         ("funding:staff_quality_list", _("Quality of the planning"),
          _("The yearly self-assessment against the eight areas of quality criteria, with "
            "scores and the comparison with the year before."))]
