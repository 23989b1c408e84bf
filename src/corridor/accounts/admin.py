from django import forms
from django.contrib import admin

from corridor.accounts import services
from corridor.accounts.models import Organisation, User
from corridor.core.admin import AuditedAdmin
from corridor.core.errors import CorridorError


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "post_country", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["country", "post_country", "parent"]


class UserAdminForm(forms.ModelForm):
    """Refuses, on the form, what the account services refuse (a role in an organisation of the wrong kind)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "organisation", "preferred_language", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned:
            try:
                services.role_organisation_check(role=cleaned["role"], organisation=cleaned.get("organisation"))
            except CorridorError as exc:
                for field, messages in (exc.fields or {"role": [str(exc.message)]}).items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(User)
class UserAdmin(AuditedAdmin):
    """Accounts are listed here; passwords and two-factor devices are managed by their owners.

    Saving goes through `accounts.services` (user_create / user_update), with their checks and audit entries."""

    form = UserAdminForm
    list_display = ["username", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = ["username", "first_name", "last_name", "email", "role", "organisation", "preferred_language", "is_active"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in services.USER_EDITABLE}
            services.user_update(acting_user=request.user, user=obj, **changes)
            obj.refresh_from_db()
            return
        user = services.user_create(acting_user=request.user, username=data["username"], password=None,
                                    role=data["role"], organisation=data.get("organisation"), email=data.get("email", ""),
                                    first_name=data.get("first_name", ""), last_name=data.get("last_name", ""),
                                    preferred_language=data.get("preferred_language", ""))
        if not data.get("is_active", True):
            services.user_update(acting_user=request.user, user=user, is_active=False)
        obj.pk = user.pk
        obj._state.adding = False
        obj.refresh_from_db()
