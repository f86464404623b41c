from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "jinzai.skills"
    label = "skills"
    verbose_name = "スキル"

    def ready(self) -> None:
        from jinzai.core.panels import register_home_panel
        from jinzai.demo.seed_extra import EXTRA_SEEDERS
        from jinzai.people.cards import register_card_section
        from jinzai.planning.views.levels import LEVEL_SUGGESTERS

        from . import metrics, permissions, signals  # noqa: F401  (rules, target metrics, templates on new orgs)
        from .cards import skill_section
        from .criteria import suggestions_for
        from .panels import skills_panel

        register_card_section(skill_section)
        register_home_panel(skills_panel)
        LEVEL_SUGGESTERS.append(suggestions_for)
        from jinzai.demo.seed_skills import seed_skills

        if seed_skills not in EXTRA_SEEDERS:
            EXTRA_SEEDERS.append(seed_skills)
