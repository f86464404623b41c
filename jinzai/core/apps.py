from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jinzai.core"
    label = "core"
    verbose_name = "基盤"

    def ready(self) -> None:
        from . import hooks, permissions, signals  # noqa: F401  (rules registry; login/lockout audit)

        hooks.autodiscover()  # every app's contributions (hooks.py), in INSTALLED_APPS order
