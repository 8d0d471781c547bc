from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "belong.plans"
    label = "plans"
    verbose_name = "Action plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the object rules (which plan, which action) with access.policies.
        from belong.plans import policies  # noqa: F401
