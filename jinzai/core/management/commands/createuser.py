from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from jinzai.core.management.base import OrgCommand
from jinzai.core.roles import Role
from jinzai.core.services import user_create


class Command(OrgCommand):
    help = "利用者を作り、団体での役割を付けます（最初のシステム管理者づくりに使います）。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", required=True)
        parser.add_argument("--staff-no", help="本人の職員番号")
        parser.add_argument(
            "--unit-code", action="append", default=[], help="所属長の担当所属コード（複数可）"
        )
        parser.add_argument(
            "--no-password-change",
            action="store_true",
            help="最初のログインでのパスワード変更を求めない（本人が自分で決めたパスワードのとき）",
        )

    def handle(self, *args, **o):
        org = self.organisation(o)
        staff = None
        if o["staff_no"]:
            staff = org.staff.filter(staff_no=o["staff_no"]).first()
            if staff is None:
                raise CommandError(f"職員番号「{o['staff_no']}」の職員が見つかりません。")
        units = list(org.units.filter(code__in=o["unit_code"]))
        if len(units) != len(set(o["unit_code"])):
            raise CommandError("見つからない所属コードがあります。")
        try:
            user_create(
                actor=self.actor(o),
                username=o["username"],
                password=o["password"],
                role=o["role"],
                units=units,
                staff=staff,
                organisation=org,
                must_change_password=not o["no_password_change"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"作成しました: {o['username']}（{Role(o['role']).label}）")
