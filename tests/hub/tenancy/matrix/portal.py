"""Isolation-matrix rows of the portal app."""

from tenants.portal.models import Introduction, WorkerCheck

PAGES = [
    ("/", "/", "get", "public", None),
    ("/staff/", "/staff/", "get", "viewer", None),
    ("/staff/introduction/", "/staff/introduction/", "get", "editor", None),
    ("/staff/introduction/", "/staff/introduction/", "post", "editor",
     {"heading": "Zmenené", "text": "Nový text"}),
    ("/staff/worker-check/", "/staff/worker-check/", "post", "editor", {}),
    ("/accounts/signin/", "/accounts/signin/", "get", "public", None),
    ("/accounts/signout/", "/accounts/signout/", "post", "public", {}),
    ("/i18n/setlang/", "/i18n/setlang/", "post", "public", {"language": "cs"}),
    ("/api/portal/", "/api/portal/", "get", "public", None),
    ("/api/portal/", "/api/portal/", "patch", "editor", {"heading": "Zmenené", "text": "x"}),
    ("/api/schema/", "/api/schema/", "get", "public", None),
    ("/api/docs/", "/api/docs/", "get", "public", None),
]
API_READS = []
MARKERS = ['action="/staff/worker-check/"', 'name="heading"', "Zmenené", "alfa.admin@"]


def objects(municipality):
    return {}


def state():
    return (list(Introduction.objects.values_list("heading", "text")),
            WorkerCheck.objects.count())
