import json

from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from jinzai.core.models import Organisation


class Command(BaseCommand):
    help = "登録されている団体の一覧（団体コード、名称、種別、都道府県、在職者数）を表示します。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **o):
        rows = [
            {
                "code": org.code,
                "name": org.name,
                "kind": org.kind,
                "prefecture": org.prefecture.code if org.prefecture else None,
                "staff_count": org.n,
            }
            for org in Organisation.objects.select_related("prefecture")
            .annotate(n=Count("staff", filter=Q(staff__retired_on__isnull=True)))
            .order_by("code")
        ]
        if o["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            self.stdout.write(
                f"{r['code']}  {r['name']:<12}  {r['kind']:<12}  {r['prefecture'] or '-':<6}  {r['staff_count']:>7}名"
            )
