"""Isolation-matrix rows of the sign-in handoff between hosts (hub/accounts/views_handoff.py):
public addresses that refuse anything but a signed-in account or a valid token. Replayed,
foreign-host, expired, no-membership and open-redirect tokens: tests/hub/accounts/test_handoff.py."""

PAGES = [
    ("/accounts/go/", "/accounts/go/", "get", "public", None),
    ("/accounts/handoff/", "/accounts/handoff/", "get", "public", None),
]
API_READS = []
MARKERS = []
PLATFORM_PAGES = {"/accounts/go/": "public", "/accounts/handoff/": "public"}


def objects(municipality):
    return {}


def state():
    return ()
