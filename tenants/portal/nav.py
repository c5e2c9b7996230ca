"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label); the contact link follows the working groups (tenants/participation/nav.py).
PUBLIC = [("portal:news", _("News")), ("portal:archive", _("Documents"))]
STAFF = [
    ("portal:staff_news", _("News"), _("News items (aktuality) on the public site, drafts and "
                                       "scheduled publishing.")),
    ("portal:staff_archive", _("Documents archive"),
     _("Uploaded plans, evaluations, minutes and working materials for the public.")),
    ("portal:open_data_licence", _("Open data licence"),
     _("The licence of the published open data (administrators).")),
    ("portal:staff_privacy", _("Personal data"),
     _("Export or erase what the municipality holds about an e-mail address; how long "
       "personal data are kept (administrators).")),
]
