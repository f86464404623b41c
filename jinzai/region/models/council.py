"""The council and its study groups (協議会・分科会), where the prefecture and municipalities take part as
equals, and the prefecture-wide Q&A board."""

from __future__ import annotations

from django.db import models

from jinzai.core.models import Organisation


class CouncilBody(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "協議会"
        SUBCOMMITTEE = "subcommittee", "分科会"
        STUDY = "study", "研究会・勉強会"
        WORKING = "working", "ワーキンググループ"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    parent = models.ForeignKey(
        "self",
        verbose_name="上位の会議体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    purpose = models.TextField("目的・テーマ", blank=True)
    is_active = models.BooleanField("活動中", default=True)

    class Meta:
        ordering = ["parent_id", "id"]
        verbose_name = "協議会・分科会"

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "会長"
        VICE = "vice", "副会長"
        MEMBER = "member", "会員"
        SECRETARIAT = "secretariat", "事務局"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    body = models.ForeignKey(CouncilBody, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(Organisation, verbose_name="団体", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("役割", max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["member__kind", "member__code"]
        verbose_name = "協議会の会員"
        constraints = [models.UniqueConstraint(fields=["body", "member"], name="council_member_unique")]

    def __str__(self) -> str:
        return f"{self.body_id}: {self.member_id}"


class CouncilMeeting(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    body = models.ForeignKey(CouncilBody, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("開催日")
    title = models.CharField("会議名", max_length=120)
    place = models.CharField("会場・方法", max_length=120, blank=True)
    agenda = models.TextField("議題", blank=True)
    materials = models.TextField(
        "資料", blank=True, help_text="1行に1つ、資料の名前（共有フォルダの場所など）を書きます。"
    )
    minutes = models.TextField("議事録", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "会議"

    def __str__(self) -> str:
        return self.title

    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class Question(models.Model):
    """A question on the board of a prefecture; posts show the organisation and role, never a person."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # who asks
    prefecture = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(
        CouncilBody,
        verbose_name="分科会",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    title = models.CharField("件名", max_length=120)
    text = models.TextField("質問")
    by_role = models.CharField(max_length=30, blank=True)
    is_resolved = models.BooleanField("解決済み", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "質問"
        indexes = [models.Index(fields=["prefecture", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # who answers
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField("回答")
    by_role = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "回答"

    def __str__(self) -> str:
        return f"{self.question_id}: {self.organisation_id}"
