from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Schools Forum reports"

    def ready(self) -> None:
        from apcommission.core.demo import register_demo_seeder
        from apcommission.core.navigation import register_navigation
        from apcommission.core.selectors import register_home_panels

        from . import child_data, demo, navigation, selectors

        register_navigation(navigation.NAVIGATION)
        register_home_panels(selectors.home_panels)
        register_demo_seeder(demo.seed, order=50)
        child_data.register()
