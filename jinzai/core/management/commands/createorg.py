from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jinzai.core import lgcodes
from jinzai.core.access import SystemActor
from jinzai.core.models import Organisation
from jinzai.core.services import organisation_create, organisation_from_code


class Command(BaseCommand):
    help = (
        "団体（都道府県・市区町村）を登録します。団体コードの検査数字を確かめます。"
        "同梱の全国地方公共団体コードの一覧にある団体は、名称・種別を省略でき、"
        "市区町村の都道府県がまだ登録されていなければ一緒に登録します。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="全国地方公共団体コード（6桁、検査数字を含む）")
        parser.add_argument("--name", help="名称（一覧にある団体は省略可）")
        parser.add_argument(
            "--kind", choices=["prefecture", "municipality"], help="種別（一覧にある団体は省略可）"
        )
        parser.add_argument(
            "--prefecture", help="所属する都道府県の団体コード（市区町村のとき。一覧にある団体は省略可）"
        )

    def handle(self, *args, **o):
        actor = SystemActor(organisation=None, label="manage.py createorg")
        before = set(Organisation.objects.values_list("code", flat=True))
        with transaction.atomic():  # a prefecture created on the way is undone if the rest fails
            try:
                if o["prefecture"]:
                    org = self._with_prefecture(actor, o)
                else:
                    org = organisation_from_code(
                        actor=actor, code=o["code"], name=o["name"] or "", kind=o["kind"] or ""
                    )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            if org.code in before:
                raise CommandError(f"団体コード「{org.code}」はすでに登録されています。")
        if org.prefecture and org.prefecture.code not in before:
            self.stdout.write(
                f"登録しました: {org.prefecture.code} {org.prefecture.name}（所属する都道府県）"
            )
        self.stdout.write(f"登録しました: {org.code} {org.name}")

    def _with_prefecture(self, actor, o):
        prefecture = Organisation.objects.filter(code=o["prefecture"]).first()
        if prefecture is None:
            entry = lgcodes.get(o["prefecture"])
            if entry is None or entry.kind != "prefecture":
                raise CommandError(
                    f"都道府県の団体コード「{o['prefecture']}」は登録されておらず、同梱の一覧にもありません。"
                )
            prefecture = organisation_create(actor=actor, code=entry.code, name=entry.name, kind=entry.kind)
        elif prefecture.kind != Organisation.Kind.PREFECTURE:
            raise CommandError(f"「{prefecture.name}」は都道府県ではありません。")
        entry = lgcodes.get(o["code"])
        name = o["name"] or (entry.name if entry else "")
        kind = o["kind"] or (entry.kind if entry else "")
        if not (name and kind):
            raise CommandError("同梱の一覧にない団体コードです。--name と --kind も指定してください。")
        return organisation_create(actor=actor, code=o["code"], name=name, kind=kind, prefecture=prefecture)
