"""`manage.py seed_demo [--if-empty]`: create the demo organisations, staff and logins."""

from django.core.management.base import BaseCommand

from jinzai.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "デモ用の団体（見本県・見本市・さくら町）、所属、職員、ログインを作成します。"
        "すでにある団体・ログインは作成しないため、何度実行しても重複しません。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="団体が1件でも登録されていれば何もしません（make run 用）。",
        )

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout, if_empty=options["if_empty"])
