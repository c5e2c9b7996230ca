"""Links this app adds to the public header and the staff start page (its AppConfig `nav`)."""

from django.utils.translation import gettext_lazy as _

# (url name, label) — labels with gettext_lazy
PUBLIC = [("participation:schedule", _("Schedule")), ("participation:groups", _("Working groups")),
          ("portal:contact", _("Contact"))]
# (url name, title, one-sentence description)
STAFF = [
    ("participation:staff_groups", _("Working groups"),
     _("Groups per target group and the steering group, their members and requests to join.")),
    ("participation:staff_meetings", _("Meetings"),
     _("The schedule of meetings, invitations, registrations, attendance and minutes.")),
]
