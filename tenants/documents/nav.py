"""Links this app adds to the public header and to the staff start page (hub/tenancy/nav.py)."""

# (url name, label) — labels with gettext_lazy
PUBLIC = []
# (url name, title, one-sentence description)
STAFF = []
