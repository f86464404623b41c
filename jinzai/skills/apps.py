from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "jinzai.skills"
    label = "skills"
    verbose_name = "スキル"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the skills rules; contributions live in hooks.py)
