"""The talent bank (人材バンク): a personal-information file kept by the prefecture (decisions R6)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation

from .common import AREA_LABELS, unpack

DEFAULT_PURPOSE = (
    "管内の市区町村からの相談・支援要請に対して、助言や研修の講師などを務める専門家を探し、派遣を調整するため。"
    "派遣が決まったときは、派遣先の市区町村に氏名・所属・分野をお知らせします。"
)


class BankFile(models.Model):
    """The 個人情報ファイル簿-style description of the talent bank (one per prefecture; admin prints it)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(
        "個人情報ファイルの名称", max_length=120, default="デジタル人材バンク登録者ファイル"
    )
    section = models.CharField("ファイルを保有する部署", max_length=120, default="市町村支援担当課")
    purpose = models.TextField("利用目的", default=DEFAULT_PURPOSE)
    subjects = models.TextField(
        "記録される個人の範囲",
        default="人材バンクへの登録に同意した県職員・市区町村職員・外部の専門家（企業人材、大学、委嘱した専門家など）",
    )
    collection = models.TextField(
        "記録情報の収集方法",
        default="本人からの申出（市区町村職員は本人がこのシステムで選んだ項目）。外部の専門家は本人の同意を得て県が記録します。",
    )
    recipients = models.TextField(
        "記録情報の経常的な提供先",
        default="派遣が決まった支援要請の市区町村（氏名・所属・分野に限ります）",
    )
    contact = models.TextField(
        "開示・訂正・利用停止の請求を受け付ける窓口",
        default="県の個人情報保護の担当窓口（所在地・電話番号を記入してください）",
    )
    retention = models.CharField(
        "保存期間",
        max_length=200,
        default="同意の撤回または登録の終了まで（派遣の記録は撤回後も氏名を除いて保存します）",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "人材バンクのファイル簿"

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    """One profile of the talent bank, owned by the prefecture."""

    class Kind(models.TextChoices):
        PREF_STAFF = "pref_staff", "県職員"
        MUNICIPAL_STAFF = "municipal_staff", "市区町村職員（本人の登録）"
        COMPANY = "company", "企業人材"
        DX_ADVISOR = "dx_advisor", "DXアドバイザー"
        UNIVERSITY = "university", "大学・研究機関"
        FELLOW = "fellow", "委嘱した専門家（DXフェロー等）"
        OTHER = "other", "その他の専門家"

    class Availability(models.TextChoices):
        AVAILABLE = "available", "対応可"
        LIMITED = "limited", "要相談"
        UNAVAILABLE = "unavailable", "当面不可"

    WITHDRAWN_NAME = "（同意を撤回した登録者）"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )  # the prefecture
    kind = models.CharField("区分", max_length=20, choices=Kind.choices)
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100, blank=True)
    affiliation = models.CharField("所属・勤務先", max_length=120, blank=True)
    title = models.CharField("役職・肩書", max_length=80, blank=True)
    home_organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属団体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    profile = models.TextField("経歴・実績", blank=True)
    certifications = models.TextField("保有資格", blank=True, help_text="1行に1つ書いてください。")
    areas = models.CharField("分野", max_length=200, blank=True)  # packed keys (common.pack)
    schemes = models.CharField("派遣に使える制度", max_length=200, blank=True)  # packed scheme keys
    visit_ok = models.BooleanField("訪問に対応", default=True)
    online_ok = models.BooleanField("オンラインに対応", default=True)
    availability = models.CharField(
        "対応の可否", max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    availability_note = models.CharField("対応できる時期・時間", max_length=200, blank=True)
    email = models.EmailField("連絡先メール", blank=True)
    phone = models.CharField("連絡先電話", max_length=30, blank=True)
    purpose_text = models.TextField("登録時に示した利用目的")
    consent_on = models.DateField("本人の同意日")
    recorded_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("同意の撤回", null=True, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kana", "name", "id"]
        verbose_name = "人材バンクの登録者"
        indexes = [models.Index(fields=["organisation", "withdrawn_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def area_keys(self) -> list[str]:
        return unpack(self.areas)

    def area_names(self) -> list[str]:
        return [AREA_LABELS.get(k, k) for k in self.area_keys()]

    def scheme_keys(self) -> list[str]:
        return unpack(self.schemes)

    def scheme_names(self) -> list[str]:
        from ..schemes import label

        return [label(k) for k in self.scheme_keys() if label(k)]

    def modes_text(self) -> str:
        modes = [m for ok, m in ((self.visit_ok, "訪問"), (self.online_ok, "オンライン")) if ok]
        return "・".join(modes) or "—"


class ExpertSkill(models.Model):
    """An expert's level on an item of the prefecture's skill maps (the same templates every organisation has)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="skills")
    item = models.ForeignKey("skills.Item", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField("レベル")

    class Meta:
        ordering = ["item__framework__sort_order", "item__sort_order", "id"]
        verbose_name = "登録者のスキル"
        constraints = [models.UniqueConstraint(fields=["expert", "item"], name="expert_skill_unique")]

    def __str__(self) -> str:
        return f"{self.expert_id}: {self.item_id}={self.level}"


class BankOptIn(models.Model):
    """A municipal employee's own consent to be in the prefecture's talent bank (kept by the municipality)."""

    FIELDS = (
        ("affiliation", "所属（団体・課）"),
        ("title", "職名"),
        ("profile", "経歴・実績（自由記述）"),
        ("certifications", "保有資格"),
        ("skills", "スキル（自己評価）"),
        ("email", "連絡先メール"),
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="+")  # the published copy
    fields = models.JSONField("公開する項目", default=list)
    purpose_text = models.TextField("同意した利用目的")
    consented_at = models.DateTimeField("同意した日時")
    revoked_at = models.DateTimeField("撤回した日時", null=True, blank=True)

    class Meta:
        ordering = ["-consented_at", "-id"]
        verbose_name = "人材バンクへの本人の同意"
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(revoked_at__isnull=True), name="one_active_optin_per_staff"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} → {self.expert_id}"
