"""Django admin for accounts, memberships and coordinator assignments."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import CoordinatorAssignment, Membership, User


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
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "municipality__name"]
