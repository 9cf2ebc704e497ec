from django.apps import AppConfig


class FundingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "funding"

    def ready(self) -> None:
        # What funding adds to the core's pages: header links, home-page panels and its demo data.
        from apcommission.core.demo import register_demo_seeder
        from apcommission.core.navigation import register_navigation
        from apcommission.core.selectors import register_home_panels

        from . import child_data, demo, navigation, selectors

        register_navigation(navigation.NAVIGATION)
        register_home_panels(selectors.home_panels)
        child_data.register()
        register_demo_seeder(demo.seed, order=30)
