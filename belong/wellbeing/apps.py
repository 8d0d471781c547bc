from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "belong.wellbeing"
    label = "wellbeing"
    verbose_name = "Well-being"

    def ready(self) -> None:
        # Registers the object rules (whose request, whose check-in) with access.policies.
        from belong.wellbeing import policies  # noqa: F401
