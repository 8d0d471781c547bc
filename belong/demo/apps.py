from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "belong.demo"
    label = "demo"
    verbose_name = "Demo school"
