"""Organisations that existed before careers arrived get the three career models and the DX career ladder
(new organisations get them from talent.hooks through core.hooks.ORGANISATION_CREATED)."""

from django.db import migrations

MODELS = (
    (
        "generalist",
        "ゼネラリスト",
        "行政の仕事を幅広く経験します。3〜5年ほどでいろいろな部署を回り、全体を見渡せる力をつけます。",
        "",
    ),
    (
        "expert",
        "エキスパート",
        "福祉・生活支援やまちづくりなど、特定の分野の仕事を深めます。異動はその分野の中で限られた範囲にします。",
        "分野（例: 福祉・生活支援、まちづくり、デジタル）",
    ),
    (
        "department",
        "特定部門エキスパート",
        "企画・計画、内部管理、窓口・相談、事業執行のいずれかの部門に通じた人になります。"
        "異動は原則としてその部門の中で、3〜5年ほどで別の部や課に移ります。",
        "部門（企画・計画／内部管理／窓口・相談／事業執行）",
    ),
)
LADDER = (
    ("general", None, "一般行政職員", "デジタルの基本を身につけ、新しい仕組みを業務に生かします。"),
    ("leader", "業務担当", "DX推進リーダー（業務担当）", "自分の課の業務を見直し、デジタル化を引っぱります。"),
    ("leader", "DX推進担当", "DX推進リーダー（DX推進担当）", "全庁の取組を企画・調整し、各課のリーダーを支えます。"),
    ("expert", None, "高度専門人材／CIO補佐官", "専門性を生かして団体のDXを技術の面から導きます。"),
)


def install(apps, schema_editor):
    Organisation = apps.get_model("core", "Organisation")
    TalentType = apps.get_model("talent", "TalentType")
    SubRole = apps.get_model("talent", "SubRole")
    CareerModel = apps.get_model("talent", "CareerModel")
    CareerStep = apps.get_model("talent", "CareerStep")
    for org in Organisation.objects.all():
        if not CareerModel.objects.filter(organisation=org).exists():
            for n, (kind, name, text, field_label) in enumerate(MODELS, start=1):
                CareerModel.objects.create(
                    organisation=org, kind=kind, name=name, description=text, field_label=field_label, sort_order=10 * n
                )
        if not CareerStep.objects.filter(organisation=org).exists():
            types = {t.kind: t for t in TalentType.objects.filter(organisation=org, parent__isnull=True)}
            for n, (kind, sub_name, name, text) in enumerate(LADDER, start=1):
                talent_type = types.get(kind)
                sub_role = (
                    SubRole.objects.filter(talent_type=talent_type, name=sub_name).first()
                    if talent_type is not None and sub_name
                    else None
                )
                CareerStep.objects.create(
                    organisation=org, order=n, name=name, description=text, talent_type=talent_type, sub_role=sub_role
                )


class Migration(migrations.Migration):
    dependencies = [("talent", "0004_careers_calls_nominations_duties")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
