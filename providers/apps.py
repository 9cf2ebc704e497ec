from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "providers"

    def ready(self) -> None:
        # What the register adds to the core's pages (the core never imports the apps above it).
        from apcommission.core.demo import register_demo_seeder
        from apcommission.core.navigation import register_navigation
        from apcommission.core.selectors import register_home_panels

        from . import demo, navigation, selectors
        from .services import summaries  # noqa: F401  (its receivers: a card emptied by any change)

        register_navigation(navigation.NAVIGATION)
        register_home_panels(selectors.home_panels)
        register_demo_seeder(demo.seed, order=10)
        # Feedback comes only from schools whose pupils attended: after placements' demo (order 20).
        register_demo_seeder(demo.seed_feedback, order=30)
