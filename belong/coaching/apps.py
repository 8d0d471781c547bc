from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "belong.coaching"
    label = "coaching"
    verbose_name = "Coaching"

    def ready(self) -> None:
        # Registers the object rules (whose pairing, whose note) with access.policies.
        from belong.coaching import policies  # noqa: F401
