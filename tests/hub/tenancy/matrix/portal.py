"""Isolation-matrix rows of the portal app."""

from tenants.portal import privacy
from tenants.portal.models import (
    Introduction,
    LegalNotice,
    OpenDataSettings,
    PrivacyLinkRequest,
    PrivacySettings,
    WorkerCheck,
)

PAGES = [
    ("/", "/", "get", "public", None),
    ("/staff/", "/staff/", "get", "viewer", None),
    ("/staff/introduction/", "/staff/introduction/", "get", "editor", None),
    ("/staff/introduction/", "/staff/introduction/", "post", "editor",
     {"heading": "Zmenené", "text": "Nový text"}),
    ("/staff/worker-check/", "/staff/worker-check/", "post", "editor", {}),
    ("/accessibility/", "/accessibility/", "get", "public", None),
    ("/privacy/", "/privacy/", "get", "public", None),
    ("/staff/legal/<slug:kind>/", "/staff/legal/privacy/", "get", "admin", None),
    ("/staff/legal/<slug:kind>/", "/staff/legal/accessibility/", "post", "admin",
     {"text": "Vlastné vyhlásenie"}),
    ("/privacy/my-data/", "/privacy/my-data/", "get", "public", None),
    ("/privacy/my-data/", "/privacy/my-data/", "post", "public", {"email": "x@example.org"}),
    ("/privacy/my-data/<str:token>/", "/privacy/my-data/{privacy_token}/", "get", "public",
     None),
    ("/privacy/my-data/<str:token>/export/", "/privacy/my-data/{privacy_token}/export/", "get",
     "public", None),
    ("/privacy/my-data/<str:token>/erase/", "/privacy/my-data/{privacy_token}/erase/", "post",
     "public", {"confirm": "on"}),
    ("/subscribe/", "/subscribe/", "get", "public", None),
    ("/subscribe/", "/subscribe/", "post", "public",
     {"email": "x@example.org", "topics": ["news"], "consent": "on"}),
    ("/subscribe/confirm/<str:token>/", "/subscribe/confirm/bad/", "get", "public", None),
    ("/unsubscribe/<uuid:token>/", "/unsubscribe/{subscription_token}/", "get", "public", None),
    ("/unsubscribe/<uuid:token>/", "/unsubscribe/{subscription_token}/", "post", "public", {}),
    ("/staff/privacy/", "/staff/privacy/", "get", "admin", None),
    ("/staff/privacy/", "/staff/privacy/", "post", "admin",
     {"action": "retention", "retention_days": "45"}),
    ("/staff/privacy/", "/staff/privacy/", "post", "admin",
     {"action": "erase", "email": "x@example.org", "confirm": "on"}),
    ("/accounts/signin/", "/accounts/signin/", "get", "public", None),
    ("/accounts/signout/", "/accounts/signout/", "post", "public", {}),
    ("/i18n/setlang/", "/i18n/setlang/", "post", "public", {"language": "cs"}),
    ("/data/", "/data/", "get", "public", None),
    ("/data/datapackage.json", "/data/datapackage.json", "get", "public", None),
    ("/data/<slug:name>.<str:fmt>", "/data/priorities.csv", "get", "public", None),
    ("/staff/open-data/", "/staff/open-data/", "get", "admin", None),
    ("/staff/open-data/", "/staff/open-data/", "post", "admin", {"licence": "cc0-1.0"}),
    ("/api/portal/", "/api/portal/", "get", "public", None),
    ("/api/portal/", "/api/portal/", "patch", "editor", {"heading": "Zmenené", "text": "x"}),
    ("/api/schema/", "/api/schema/", "get", "public", None),
    ("/api/docs/", "/api/docs/", "get", "public", None),
    ("/api/docs/tokens/", "/api/docs/tokens/", "get", "public", None),
]
API_READS = []
MARKERS = ['action="/staff/worker-check/"', 'name="heading"', "Zmenené", "alfa.admin@"]


def objects(municipality):
    from tenants.common.models import Subscription

    subscription, _ = Subscription.objects.get_or_create(email="matrix@example.org",
                                                         topic="news")
    return {"privacy_token": privacy.link_token("x@example.org"),
            "subscription_token": str(subscription.token)}


def state():
    return (list(Introduction.objects.values_list("heading", "text")),
            WorkerCheck.objects.count(),
            sorted(LegalNotice.objects.values_list("kind", "text")),
            list(OpenDataSettings.objects.values_list("licence", flat=True)),
            list(PrivacySettings.objects.values_list("retention_days", flat=True)),
            PrivacyLinkRequest.objects.count())
