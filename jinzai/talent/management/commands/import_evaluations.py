"""manage.py import_evaluations: evaluation results on digital items (the same pipeline as the web import)."""

from jinzai.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "人事評価（デジタルの項目）の結果（CSV/XLSX）を取り込みます。--commit がなければ確認だけします。"
    importer_key = "evaluation"
