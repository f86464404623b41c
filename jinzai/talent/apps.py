from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "jinzai.talent"
    label = "talent"
    verbose_name = "人材像・指定"

    def ready(self) -> None:
        from jinzai.people.cards import register_card_section

        from . import permissions  # noqa: F401  (registers the talent rules)
        from .cards import designation_section

        register_card_section(designation_section)
