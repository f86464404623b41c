from django.apps import AppConfig


class RegionConfig(AppConfig):
    name = "jinzai.region"
    label = "region"
    verbose_name = "県の支援"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the region rules; contributions live in hooks.py)
