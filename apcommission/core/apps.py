from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apcommission.core"
    label = "core"
    verbose_name = "Core: users, organisations, schools, audit"

    def ready(self) -> None:
        # Connect the sign-in signals and the connections' set-up, register the checks.
        from . import audit, checks, connections  # noqa: F401
        from .selectors import feedback_home_panels, register_home_panels
        from .selectors.user_management import users_home_panels

        register_home_panels(users_home_panels)
        register_home_panels(feedback_home_panels)
