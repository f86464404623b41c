from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "jinzai.planning"
    label = "planning"
    verbose_name = "基本方針・育成計画"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the planning rules; contributions live in hooks.py)
