"""`manage.py demo_logins [--json]`: list the demo logins and their shared password."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from jinzai.demo.seed import demo_usernames, format_login_table, logins_as_dicts


class Command(BaseCommand):
    help = "デモ用ログイン（団体・役割・ログインID・パスワード）の一覧を表示します。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="JSON の配列で出力します。")

    def handle(self, *args, **options):
        if options["json"]:
            self.stdout.write(json.dumps(logins_as_dicts(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_login_table())
        self.stderr.write(
            "※ デモの団体では2段階認証は任意です（本番の新しい団体では、システム管理者と人事担当に必須）。"
        )
        existing = set(
            get_user_model().objects.filter(username__in=demo_usernames()).values_list("username", flat=True)
        )
        missing = [name for name in demo_usernames() if name not in existing]
        if missing:
            self.stderr.write(
                f"※ まだ作成されていないログインがあります（{len(missing)} 件）。"
                "先に python manage.py seed_demo を実行してください。"
            )
