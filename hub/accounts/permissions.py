"""API permissions: anyone reads a municipality's public content; members with a role write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role


class PublicReadStaffWrite(BasePermission):
    """Reads for everyone on a municipality's subdomain; writes for its editors and admins."""

    minimum_to_write = Role.EDITOR

    def has_permission(self, request, view):
        if getattr(request, "municipality", None) is None:
            return False
        if request.method in SAFE_METHODS:
            return True
        return has_role(request_role(request), self.minimum_to_write)


class StaffOnly(BasePermission):
    """Members of this municipality only (any role reads, editors write)."""

    def has_permission(self, request, view):
        if getattr(request, "municipality", None) is None:
            return False
        minimum = Role.VIEWER if request.method in SAFE_METHODS else Role.EDITOR
        return has_role(request_role(request), minimum)
