from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up-authenticator/", views.set_up_authenticator, name="sign-in-set-up"),
    path("sign-in/forgotten-password/", views.PasswordResetView.as_view(), name="password-reset"),
    path("sign-in/forgotten-password/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path("sign-in/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("sign-in/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("session/", views.session_status, name="session-status"),
    path("session/extend/", views.session_extend, name="session-extend"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="change-password"),
    path("account/authenticator/", views.set_up_authenticator, name="authenticator"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("users/", views.user_list, name="users"),
    path("users/invite/", views.user_invite, name="user-invite"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/add/", views.role_add, name="role-add"),
    path("users/<int:pk>/roles/<int:membership_pk>/change/", views.role_change, name="role-change"),
    path("users/<int:pk>/roles/<int:membership_pk>/remove/", views.role_remove, name="role-remove"),
    path("users/<int:pk>/switch-off/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/switch-on/", views.user_reactivate, name="user-reactivate"),
    path("users/<int:pk>/two-factor/reset/", views.two_factor_reset, name="two-factor-reset"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user-unlock"),
    path("users/<int:pk>/invitation/resend/", views.invitation_resend, name="invitation-resend"),
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/export.csv", views.audit_log_export, name="audit-log-export"),
]
