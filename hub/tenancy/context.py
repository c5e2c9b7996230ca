"""Template context shared by every page: the municipality and the platform's address (the
account's role comes from hub/accounts/context.py)."""

from hub.tenancy.urls import platform_url


def platform(request):
    return {
        "municipality": getattr(request, "municipality", None),
        "platform_url": platform_url(),
    }
