from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "jinzai.learning"
    label = "learning"
    verbose_name = "研修・資格"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the learning rules; contributions live in hooks.py)
