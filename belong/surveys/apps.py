from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "belong.surveys"
    label = "surveys"
    verbose_name = "Surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the object rules (which campaign, which instrument) with access.policies.
        from belong.surveys import policies  # noqa: F401
