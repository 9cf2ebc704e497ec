from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apcommission.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        # What this app holds about a child (its exports and legal holds) joins the one registry,
        # and officers get a header link to the retention schedule.
        from apcommission.core.navigation import register_navigation

        from . import child_data, navigation

        child_data.register()
        register_navigation(navigation.NAVIGATION)
