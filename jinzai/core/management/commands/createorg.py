from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jinzai.core.access import SystemActor
from jinzai.core.models import Organisation
from jinzai.core.services import organisation_create


class Command(BaseCommand):
    help = "団体（都道府県・市区町村）を登録します。団体コードの検査数字を確かめます。"

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="全国地方公共団体コード（6桁、検査数字を含む）")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=["prefecture", "municipality"])
        parser.add_argument("--prefecture", help="所属する都道府県の団体コード（市区町村のとき）")

    def handle(self, *args, **o):
        prefecture = None
        if o["prefecture"]:
            prefecture = Organisation.objects.filter(code=o["prefecture"], kind="prefecture").first()
            if prefecture is None:
                raise CommandError(f"都道府県の団体コード「{o['prefecture']}」は登録されていません。")
        try:
            org = organisation_create(
                actor=SystemActor(organisation=None, label="manage.py createorg"),
                code=o["code"],
                name=o["name"],
                kind=o["kind"],
                prefecture=prefecture,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"登録しました: {org.code} {org.name}")
