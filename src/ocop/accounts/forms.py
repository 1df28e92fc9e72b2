from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập hoặc email"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
