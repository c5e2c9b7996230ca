"""Links this app adds to the public header and to the staff start page (hub/tenancy/nav.py)."""

PUBLIC = []
STAFF = []
