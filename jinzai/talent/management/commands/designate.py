"""manage.py designate: bulk designation from a CSV/XLSX file (the same pipeline as the web import)."""

from jinzai.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "人材の指定の一覧（CSV/XLSX）を取り込みます。--commit がなければ確認だけします。"
    importer_key = "designation"
