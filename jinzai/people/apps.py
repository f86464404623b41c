from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jinzai.people"
    label = "people"
    verbose_name = "職員"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the people rules)
