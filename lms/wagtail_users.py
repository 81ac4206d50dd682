"""Wagtail's user admin with role changes going through the role services: the "Roles" boxes
of the create and edit forms call `services.set_groups` with the acting user, so a grant in the
Wagtail admin is checked and audited exactly like one in the Django admin or the API."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from . import services


class _RolesThroughServices:
    def __init__(self, *args, actor=None, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        groups = self.cleaned_data.pop("groups", None)
        user = super().save(commit=commit)
        if groups is not None and commit:
            services.set_groups(actor=self.actor, user=user, groups=groups)
        return user


class RoleUserCreationForm(_RolesThroughServices, UserCreationForm):
    pass


class RoleUserEditForm(_RolesThroughServices, UserEditForm):
    pass


class _ActorInForm:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}


class CreateView(_ActorInForm, users.CreateView):
    pass


class EditView(_ActorInForm, users.EditView):
    pass


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm
