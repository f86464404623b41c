from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "jinzai.planning"
    label = "planning"
    verbose_name = "基本方針・育成計画"

    def ready(self) -> None:
        from jinzai.core.panels import register_home_panel

        from . import metrics, permissions, signals  # noqa: F401  (rules, built-in metrics, defaults on new orgs)
        from .panels import plan_panel

        register_home_panel(plan_panel)
