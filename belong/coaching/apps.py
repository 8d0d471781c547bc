from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "belong.coaching"
    label = "coaching"
