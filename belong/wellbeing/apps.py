from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "belong.wellbeing"
    label = "wellbeing"
