from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "placements"

    def ready(self) -> None:
        # What placements adds to the core's pages, and what it tells the provider register about
        # places taken and pupils placed (neither app below imports this one).
        from apcommission.core.demo import register_demo_seeder
        from apcommission.core.navigation import register_navigation
        from apcommission.core.selectors import register_home_panels
        from providers.deadlines import register_provider_deadlines
        from providers.placement_facts import register_placement_facts

        from . import child_data, demo, navigation, permissions, selectors
        from .services.provider_deadlines import provider_deadlines_refresh

        register_navigation(navigation.NAVIGATION)
        permissions.register()
        register_home_panels(selectors.home_panels)
        child_data.register()
        register_demo_seeder(demo.seed, order=20)
        # After funding's demo (30), whose permanent exclusions have day-6 deadlines too.
        register_demo_seeder(demo.seed_clock, order=35)
        register_placement_facts(
            places_taken=selectors.places_taken,
            places_taken_at_sites=selectors.places_taken_at_sites,
            places_taken_rows=selectors.places_taken_rows,
            registration_inputs=selectors.providers_registration_inputs,
            school_has_used_provider=selectors.school_has_used_provider,
        )
        # A provider's QA review and expiring documents are deadlines on this app's clock.
        register_provider_deadlines(provider_deadlines_refresh)
