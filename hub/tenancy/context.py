"""Template context shared by every page: the municipality, the platform's address, languages."""

from hub.accounts.selectors import request_role
from hub.tenancy.urls import platform_url


def platform(request):
    return {
        "municipality": getattr(request, "municipality", None),
        "platform_url": platform_url(),
        "role": request_role(request),
    }
