"""Django admin for accounts, memberships, coordinator assignments and sign-in lockouts."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.accounts.models import (
    ApiToken,
    CoordinatorAssignment,
    CoordinatorToken,
    FailedSignIn,
    Membership,
    User,
)


class AccountCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class AccountChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality"]


class CoordinatorInline(admin.TabularInline):
    model = CoordinatorAssignment
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = AccountCreationForm
    form = AccountChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline, CoordinatorInline]

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated (is_active off), never deleted: change records, jobs and
        # answers in every municipality's schema point at them, and a delete from the public
        # schema cannot reach those tables (it fails half-way instead of cascading).
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role"]
    # No filter by municipality: its sidebar would list every one of 9,000; search names it.
    list_filter = ["role"]
    search_fields = ["user__email", "municipality__name"]
    autocomplete_fields = ["user", "municipality"]  # not a <select> of 9,000 municipalities


@admin.register(FailedSignIn)
class FailedSignInAdmin(admin.ModelAdmin):
    """Failed sign-ins (django-axes rows: one per account, address and browser). An operator
    unlocks an account or an address by deleting its rows; they also expire by themselves
    SIGNIN_WINDOW_SECONDS after the last failure."""

    list_display = ["last_failure", "username", "ip_address", "failures", "locked_until"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock"]
    fields = ["username", "ip_address", "user_agent", "path_info", "failures", "last_failure",
              "locked_until"]
    readonly_fields = fields

    @admin.display(description=_("Last failure"), ordering="attempt_time")
    def last_failure(self, obj):
        return formats.localize(timezone.localtime(obj.attempt_time))

    @admin.display(description=_("Failures"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("Locked out until"))
    def locked_until(self, obj):
        window = timedelta(seconds=settings.SIGNIN_WINDOW_SECONDS)
        recent = FailedSignIn.objects.filter(attempt_time__gte=timezone.now() - window)
        by_account = recent.filter(username=obj.username).aggregate(n=Sum("failures_since_start"))
        by_address = recent.filter(ip_address=obj.ip_address).aggregate(
            n=Sum("failures_since_start"))
        locked = ((by_account["n"] or 0) >= settings.SIGNIN_MAX_FAILURES
                  or (by_address["n"] or 0) >= settings.SIGNIN_MAX_FAILURES_PER_ADDRESS)
        if not locked or obj.attempt_time < timezone.now() - window:
            return "—"
        return formats.localize(timezone.localtime(obj.attempt_time + window))

    @admin.action(description=_("Unlock (forget these failed sign-ins)"))
    def unlock(self, request, queryset):
        count, _per_model = queryset.delete()
        self.message_user(request, ngettext(
            "%(count)d record of failed sign-ins deleted; the account or address can sign in again.",
            "%(count)d records of failed sign-ins deleted; the accounts or addresses can sign in again.",
            count) % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators see every municipality's tokens and revoke one (a leak reported to them);
    tokens are made by the municipality's admins on its staff pages, where the secret is
    shown once."""

    list_display = ["name", "municipality", "prefix", "scope", "created_by", "created_at",
                    "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]  # the municipality by search: a sidebar of 9,000 would not do
    search_fields = ["name", "prefix", "municipality__name", "created_by__email"]
    fields = ["municipality", "name", "prefix", "scope", "resources", "created_by",
              "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, ngettext("%(count)d token revoked.",
                                            "%(count)d tokens revoked.", count)
                          % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CoordinatorToken)
class CoordinatorTokenAdmin(admin.ModelAdmin):
    """Operators see coordinators' tokens for the regional API and revoke one (a leak
    reported to them); coordinators make them under /regions/tokens/."""

    list_display = ["name", "prefix", "created_by", "created_at", "expires_at", "last_used_at",
                    "revoked_at"]
    search_fields = ["name", "prefix", "created_by__email"]
    fields = ["name", "prefix", "areas", "created_by", "created_at", "expires_at",
              "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, ngettext("%(count)d token revoked.",
                                            "%(count)d tokens revoked.", count)
                          % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
