from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "belong.publishing"
    label = "publishing"
    verbose_name = "Publishing"
