from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jinzai.demo"
    label = "demo"
    verbose_name = "デモデータ"
