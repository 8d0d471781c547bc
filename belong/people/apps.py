from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "belong.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from belong.people import policies  # noqa: F401  (registers object rules)
