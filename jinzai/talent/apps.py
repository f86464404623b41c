from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "jinzai.talent"
    label = "talent"
    verbose_name = "人材像・指定"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the talent rules; contributions live in hooks.py)
