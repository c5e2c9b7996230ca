"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label)
PUBLIC = [("analysis:public", _("Needs analysis")), ("analysis:surveys", _("Surveys"))]
# (url name, title, one-sentence description)
STAFF = [("analysis:staff", _("Needs analysis"),
          _("Demography by age band, the capacity of services per 1,000 people and the gaps "
            "against the norm.")),
         ("analysis:surveys_staff", _("Needs surveys"),
          _("Questionnaires for residents, providers and users of services: a public link, "
            "anonymous answers, results with charts and exports."))]
