"""Signing in and out."""

from django.contrib.auth import views as auth_views

from ..demo import demo_logins
from ..forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo_logins": demo_logins()}


class SignOutView(auth_views.LogoutView):
    template_name = "core/signed_out.html"
