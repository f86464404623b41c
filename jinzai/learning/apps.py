from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "jinzai.learning"
    label = "learning"
    verbose_name = "研修・資格"

    def ready(self) -> None:
        from jinzai.demo.seed_extra import EXTRA_SEEDERS
        from jinzai.people.cards import register_card_section

        from . import permissions, signals  # noqa: F401  (rules; catalog for new organisations)
        from .cards import learning_section
        from .eligibility import register_knowledge_test_checker
        from .metrics import register_metrics

        register_card_section(learning_section)
        register_metrics()
        register_knowledge_test_checker()
        from jinzai.demo.seed_learning import seed_learning

        if seed_learning not in EXTRA_SEEDERS:
            EXTRA_SEEDERS.append(seed_learning)
