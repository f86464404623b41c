"""Forms of plans, targets, roadmap tasks, starter actions, the wizard and the plan import."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from jinzai.core import hooks
from jinzai.core.dates import fiscal_year_label
from jinzai.core.forms import DateInput, unit_choices
from jinzai.core.models import Sector, Unit
from jinzai.core.params import parse_int
from jinzai.core.selectors import grades_of
from jinzai.people.models import EmploymentType

from ..metrics import choice_params, metric_choices
from ..models import DevelopmentPlan, RoadmapTask, StarterAction, Target
from ..selectors.plans import (
    LONG_TERM,
    current_fiscal_year,
    level_names,
    sub_roles_of,
    talent_types_of,
    type_choices,
    units_for_choices,
)
from ..selectors.progress import AT_LEAST, COMPARISONS
from ..services.targets import AGE_MAX, AGE_MIN, PARAM_KEYS, check_target, metric_fields

YEAR_CHOICES = [(3, "3年"), (4, "4年"), (5, "5年")]


def _small() -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": "input-small"})


LEVEL_CHOICES = [(n, f"レベル{n}") for n in range(1, 6)]


def fy_choices(around: int | None = None, extra: int | None = None) -> list[tuple[int, str]]:
    base = around or current_fiscal_year()
    years = set(range(base - 3, base + 6))
    if extra:
        years.add(extra)
    return [(fy, fiscal_year_label(fy)) for fy in sorted(years)]


def level_choices(names: dict, talent_type_id: int, *, blank: str | None = None) -> list:
    choices = [("", blank)] if blank is not None else []
    for n in range(1, 6):
        name = names.get((talent_type_id, n))
        choices.append((n, f"レベル{n}：{name}" if name else f"レベル{n}"))
    return choices


class PlanForm(forms.Form):
    title = forms.CharField(label="計画の名称", max_length=200, initial="デジタル人材育成計画")
    start_fy = forms.TypedChoiceField(label="開始年度", coerce=int)
    years = forms.TypedChoiceField(
        label="計画の年数",
        coerce=int,
        choices=YEAR_CHOICES,
        initial=3,
        help_text="3〜5年で決めます。小規模な団体は3年が目安です。",
    )
    summary = forms.CharField(
        label="計画の概要",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="計画のねらいや、基本方針とのつながりを短く書きます。",
    )

    def __init__(self, *args, plan: DevelopmentPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_fy"].choices = fy_choices(extra=plan.start_fy if plan else None)
        if plan is None:
            self.fields["start_fy"].initial = current_fiscal_year()


class PlanEditForm(PlanForm):
    """The plan's period and summary plus, per talent type, current → target level (blank = 対象外)."""

    def __init__(self, *args, plan: DevelopmentPlan, defaults: dict[int, tuple[int, int]], **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        organisation = plan.organisation
        names = level_names(organisation)
        existing = {lv.talent_type_id: lv for lv in plan.levels.all()}
        self.level_rows = []
        for talent_type in talent_types_of(organisation, active_only=False):
            pk = talent_type.pk
            row = existing.get(pk)
            if not talent_type.is_active and row is None:
                continue  # a type no longer in use stays only where a plan already has it
            current_default = defaults.get(pk, (1, 2))[0]
            cur = forms.TypedChoiceField(
                label="現状レベル",
                coerce=int,
                required=False,
                empty_value=None,
                choices=level_choices(names, pk, blank="（この計画では扱わない）"),
                initial=row.current_level if row else None,
                help_text=f"最新の現状レベル評価: レベル{current_default}" if pk in defaults else "",
            )
            tgt = forms.TypedChoiceField(
                label="目標レベル",
                coerce=int,
                required=False,
                empty_value=None,
                choices=level_choices(names, pk, blank="（この計画では扱わない）"),
                initial=row.target_level if row else None,
            )
            note = forms.CharField(
                label="育成目標の内容",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.note if row else "",
            )
            self.fields[f"level_{pk}_current"] = cur
            self.fields[f"level_{pk}_target"] = tgt
            self.fields[f"level_{pk}_note"] = note
            self.level_rows.append(
                {
                    "talent_type": talent_type,
                    "current": f"level_{pk}_current",
                    "target": f"level_{pk}_target",
                    "note": f"level_{pk}_note",
                }
            )

    def level_fields(self):
        return [
            {
                "talent_type": r["talent_type"],
                "current": self[r["current"]],
                "target": self[r["target"]],
                "note": self[r["note"]],
            }
            for r in self.level_rows
        ]

    def clean(self):
        data = super().clean()
        for r in self.level_rows:
            cur, tgt = data.get(r["current"]), data.get(r["target"])
            if (cur is None) != (tgt is None):
                self.add_error(
                    r["target"] if tgt is None else r["current"],
                    f"{r['talent_type'].name}: 現状レベルと目標レベルの両方を選ぶか、両方を「扱わない」にしてください。",
                )
            elif cur is not None and tgt < cur:
                self.add_error(
                    r["target"], f"{r['talent_type'].name}: 目標レベルは現状レベル以上にしてください。"
                )
        return data

    def chosen_levels(self) -> list[tuple]:
        return [
            (
                r["talent_type"],
                self.cleaned_data[r["current"]],
                self.cleaned_data[r["target"]],
                self.cleaned_data[r["note"]],
            )
            for r in self.level_rows
            if self.cleaned_data.get(r["current"]) is not None
        ]


class ApproveForm(forms.Form):
    approver_name = forms.CharField(
        label="承認者", max_length=100, help_text="決裁した人の職と氏名です（例: 市長　山田太郎）。"
    )
    approved_on = forms.DateField(label="承認日", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


class TargetForm(forms.Form):
    """Driven by the metric registry: choices, help texts and the required fields come from `Metric`.

    Every optional field says which metrics use it (`field_groups()`); the template marks each with
    `data-metrics` and planning/target_form.js shows only the fields of the chosen way of measuring.
    """

    label = forms.CharField(
        label="目標",
        max_length=200,
        help_text="計画書に載せる文です。例: すべての課に業務担当のDX推進リーダーを1名以上置く",
    )
    purpose = forms.ChoiceField(
        label="種類", choices=Target.Purpose.choices, widget=forms.RadioSelect, initial="placement"
    )
    metric = forms.ChoiceField(label="測り方", widget=forms.RadioSelect)
    talent_type = forms.TypedChoiceField(
        label="人材像",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="階層（ゴールド・シルバーなど）に指定された人は、上位の人材像として数えます。"
        "階層だけを数えるときは、その階層を選びます。",
    )
    also_types = forms.TypedMultipleChoiceField(
        label="あわせて数える人材像",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="複数の人材像の合計を目標にするとき（例: ゴールドとシルバーの合計）に選びます。同じ人は1回だけ数えます。",
    )
    sub_role = forms.TypedChoiceField(
        label="区分", coerce=int, required=False, empty_value=None, help_text="空欄なら区分を問いません。"
    )
    unit = forms.TypedChoiceField(
        label="所属",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="下の係も含めて数えます。",
    )
    unit_kind = forms.ChoiceField(
        label="数える所属の区分",
        required=False,
        choices=[("", "（選んでください）"), *Unit.Kind.choices],
        initial="division",
    )
    per_unit = forms.IntegerField(
        label="各所属に必要な人数", required=False, min_value=1, max_value=99, initial=1
    )
    business_only = forms.BooleanField(label="業務担当部局の所属だけを数える", required=False, initial=True)
    grade_min_rank = forms.TypedChoiceField(
        label="職級（下限）", coerce=int, required=False, empty_value=None
    )
    grade_max_rank = forms.TypedChoiceField(
        label="職級（上限）", coerce=int, required=False, empty_value=None
    )
    employment_types = forms.MultipleChoiceField(
        label="対象の任用形態",
        required=False,
        choices=EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="選ばなければ、すべての任用形態の職員が対象です。",
    )
    sector = forms.ChoiceField(
        label="部門",
        required=False,
        choices=[("", "（すべての部門）"), *Sector.choices],
        help_text="定員管理調査の部門で対象を絞ります（例: 一般行政部門の職員の12.5%）。部門は所属の設定で決めます。",
    )
    age_min = forms.IntegerField(
        label="年齢（下限）", required=False, min_value=AGE_MIN, max_value=AGE_MAX, widget=_small()
    )
    age_max = forms.IntegerField(
        label="年齢（上限）",
        required=False,
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        widget=_small(),
        help_text="その日の年齢で数えます（例: 30代なら30〜39）。生年月日が登録されていない職員は対象に入りません。",
    )
    target_value = forms.DecimalField(
        label="最終目標値",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        help_text="計画の最終年度に目指す値です。",
    )
    comparison = forms.ChoiceField(
        label="達成の判定",
        required=False,
        choices=COMPARISONS,
        initial=AT_LEAST,
        widget=forms.RadioSelect,
        help_text="「基準を上回る」と決めた目標は「上回ったら達成」を選びます。",
    )

    GROUPS = (
        ("対象の人材", ("talent_type", "also_types", "sub_role")),
        ("配置する所属", ("unit",)),
        ("数える所属", ("unit_kind", "per_unit", "business_only")),
        ("対象の職員（割合の分母）", ("employment_types", "sector", "age_min", "age_max")),
        ("職級で絞る", ("grade_min_rank", "grade_max_rank")),
    )

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        organisation = plan.organisation
        self.metrics = list(hooks.METRICS)
        self.fields["metric"].choices = metric_choices()
        self.types = {t.pk: t for t in talent_types_of(organisation, active_only=False)}
        type_rows = [(pk, label) for pk, label in type_choices(organisation) if pk in self.types]
        self.fields["talent_type"].choices = [("", "（選んでください）"), *type_rows]
        self.fields["also_types"].choices = [(pk, label.lstrip("\u3000")) for pk, label in type_rows]
        self.sub_roles = {s.pk: s for s in sub_roles_of(organisation)}
        self.fields["sub_role"].choices = [("", "（区分を問わない）")] + [
            (s.pk, f"{s.talent_type.name}：{s.name}") for s in self.sub_roles.values()
        ]
        self.units = units_for_choices(organisation)
        self.fields["unit"].choices = unit_choices(organisation, blank="（選んでください）")
        grades = [("", "（指定なし）")] + [(g.rank, g.name) for g in grades_of(organisation)]
        self.fields["grade_min_rank"].choices = grades
        self.fields["grade_max_rank"].choices = grades
        self.choice_param_names = []
        for param in choice_params().values():
            self.fields[param.key] = forms.ChoiceField(
                label=param.label,
                required=False,
                choices=[("", "（選んでください）"), *param.choices(organisation)],
                help_text=param.help,
            )
            self.choice_param_names.append(param.key)
        self.milestone_names = []
        for fy in plan.fiscal_years:
            name = f"milestone_{fy}"
            self.fields[name] = forms.DecimalField(
                label=fiscal_year_label(fy),
                required=False,
                max_digits=10,
                decimal_places=2,
                min_value=0,
                widget=forms.NumberInput(attrs={"class": "input-small", "step": "any"}),
            )
            self.milestone_names.append(name)
        self.fields[self.milestone_names[-1]].help_text = "最終年度は空欄のままで最終目標値を使います。"

    @classmethod
    def initial_for(cls, target: Target) -> dict:
        initial = {
            "label": target.label,
            "purpose": target.purpose,
            "metric": target.metric,
            "talent_type": target.talent_type_id,
            "sub_role": target.sub_role_id,
            "unit": target.unit_id,
            "target_value": target.target_value,
            "business_only": target.params.get("business_only", True),
            "comparison": target.params.get("comparison", AT_LEAST),
        }
        for key in (*PARAM_KEYS, *choice_params()):
            if key in target.params and key not in ("business_only", "comparison"):
                initial[key] = target.params[key]
        for fy, value in (target.milestones or {}).items():
            initial[f"milestone_{fy}"] = value
        return initial

    def metrics_using(self, name: str) -> str:
        """Space-separated keys of the metrics that use the field (the template's data-metrics)."""
        return " ".join(m.key for m in self.metrics if name in metric_fields(m))

    def metric_options(self):
        """(radio widget, Metric, its required field labels) so the template shows each metric's needs."""
        subwidgets = {str(w.data["value"]): w for w in self["metric"]}
        labels = {"talent_type": "人材像", "unit": "所属", "params.unit_kind": "数える所属の区分"}
        return [
            (subwidgets[m.key], m, [labels.get(n, n) for n in m.needs])
            for m in self.metrics
            if m.key in subwidgets
        ]

    def field_groups(self) -> list[dict]:
        groups = []
        for legend, names in self.GROUPS:
            items = [(self[name], self.metrics_using(name)) for name in names]
            groups.append({"legend": legend, "items": items, "metrics": _union(m for _, m in items)})
        if self.choice_param_names:
            items = [(self[name], self.metrics_using(name)) for name in self.choice_param_names]
            groups.append(
                {"legend": "数える資格・研修・項目", "items": items, "metrics": _union(m for _, m in items)}
            )
        return groups

    def milestone_fields(self):
        return [self[name] for name in self.milestone_names]

    def clean(self):
        data = super().clean()
        if self.errors.get("metric") or self.errors.get("target_value"):
            return data
        values = {
            "label": data.get("label"),
            "purpose": data.get("purpose"),
            "metric": data.get("metric"),
            "talent_type": self.types.get(data.get("talent_type")),
            "sub_role": self.sub_roles.get(data.get("sub_role")),
            "unit": self.units.get(data.get("unit")),
            "target_value": data.get("target_value"),
            "milestones": {name.removeprefix("milestone_"): data.get(name) for name in self.milestone_names},
        }
        for key in (*PARAM_KEYS, *self.choice_param_names):
            values[key] = data.get(key)
        clean, errors = check_target(self.plan, values)
        for field, message in errors:
            self.add_error(field if field in self.fields else None, message)
        self.target_values = clean
        return data


def _union(keys) -> str:
    seen: list[str] = []
    for text in keys:
        for key in text.split():
            if key not in seen:
                seen.append(key)
    return " ".join(seen)


class TaskForm(forms.Form):
    fiscal_year = forms.ChoiceField(label="年度")
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int)
    kind = forms.ChoiceField(label="区分", choices=RoadmapTask.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label="取組", max_length=200, help_text="例: DX推進リーダーの役割を学ぶ研修を行う"
    )
    owner_unit = forms.TypedChoiceField(label="担当所属", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="状況", choices=RoadmapTask.TaskStatus.choices, initial="planned")
    notes = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        organisation = plan.organisation
        self.fields["fiscal_year"].choices = [(fy, fiscal_year_label(fy)) for fy in plan.fiscal_years] + [
            (LONG_TERM, "長期的（定着化）")
        ]
        self.types = {t.pk: t for t in talent_types_of(organisation, active_only=False)}
        self.fields["talent_type"].choices = [
            ("", "（選んでください）"),
            *type_choices(organisation, active_only=False),
        ]
        self.units = units_for_choices(organisation)
        self.fields["owner_unit"].choices = unit_choices(organisation, blank="（指定なし）")

    def clean(self):
        data = super().clean()
        if data.get("talent_type") is not None:
            data["talent_type"] = self.types.get(data["talent_type"])
            if data["talent_type"] is None:
                self.add_error("talent_type", "人材像を一覧から選んでください。")
        if data.get("owner_unit") is not None:
            data["owner_unit"] = self.units.get(data["owner_unit"])
            if data["owner_unit"] is None:
                self.add_error("owner_unit", "担当所属を一覧から選んでください。")
        fy = data.get("fiscal_year")
        data["fiscal_year"] = None if fy in (None, "", LONG_TERM) else parse_int(fy)
        return data


class StarterForm(forms.Form):
    status = forms.ChoiceField(label="状況", choices=StarterAction.ActionStatus.choices)
    started_on = forms.DateField(label="開始日", required=False, widget=DateInput())
    done_on = forms.DateField(label="実施日", required=False, widget=DateInput())
    notes = forms.CharField(label="メモ", max_length=200, required=False)


# --- wizard -------------------------------------------------------------------------------------


class WizardPeriodForm(forms.Form):
    title = forms.CharField(label="計画の名称", max_length=200, initial="デジタル人材育成計画")
    start_fy = forms.TypedChoiceField(label="開始年度", coerce=int)
    years = forms.TypedChoiceField(label="計画の年数", coerce=int, choices=YEAR_CHOICES, initial=3)
    types = forms.TypedMultipleChoiceField(
        label="計画に入れる人材像",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "人材像を1つ以上選んでください。"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_fy"].choices = fy_choices()
        self.fields["types"].choices = type_choices(organisation)


class WizardLevelsForm(forms.Form):
    def __init__(self, *args, types, names: dict, assessed: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        assessed = assessed or {}
        for t in types:
            latest = assessed.get(t.pk)
            help_text = (
                f"最新の現状レベル評価は{fiscal_year_label(latest['fiscal_year'])}のレベル{latest['level']}です。"
                "違うレベルを選ぶと、計画の画面でどちらに合わせるかを確かめます。"
                if latest
                else "現状レベル評価はまだありません。"
            )
            self.fields[f"current_{t.pk}"] = forms.TypedChoiceField(
                label="現状レベル", coerce=int, choices=level_choices(names, t.pk), help_text=help_text
            )
            self.fields[f"target_{t.pk}"] = forms.TypedChoiceField(
                label="目標レベル", coerce=int, choices=level_choices(names, t.pk)
            )
            self.rows.append(t)

    def level_fields(self):
        return [
            {"talent_type": t, "current": self[f"current_{t.pk}"], "target": self[f"target_{t.pk}"]}
            for t in self.rows
        ]

    def clean(self):
        data = super().clean()
        for t in self.rows:
            cur, tgt = data.get(f"current_{t.pk}"), data.get(f"target_{t.pk}")
            if cur is not None and tgt is not None and tgt < cur:
                self.add_error(f"target_{t.pk}", f"{t.name}: 目標レベルは現状レベル以上にしてください。")
        return data


class WizardTargetsForm(forms.Form):
    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for p in proposals:
            self.fields[f"use_{p.key}"] = forms.BooleanField(label="この目標を入れる", required=False)
            self.fields[f"value_{p.key}"] = forms.IntegerField(
                label=f"最終目標値（{p.unit_label}）",
                min_value=p.min_value,
                max_value=p.max_value,
                required=False,
            )

    def rows(self):
        return [(p, self[f"use_{p.key}"], self[f"value_{p.key}"]) for p in self.proposals]

    def clean(self):
        data = super().clean()
        for p in self.proposals:
            if (
                data.get(f"use_{p.key}")
                and data.get(f"value_{p.key}") is None
                and not self.errors.get(f"value_{p.key}")
            ):
                self.add_error(f"value_{p.key}", f"「{p.label}」の最終目標値を入力してください。")
        return data


class WizardRoadmapForm(forms.Form):
    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        for i, _task in enumerate(tasks):
            self.fields[f"task_{i}"] = forms.BooleanField(label="入れる", required=False, initial=True)

    def chosen(self) -> list:
        return [t for i, t in enumerate(self.tasks) if self.cleaned_data.get(f"task_{i}")]


# --- import -------------------------------------------------------------------------------------


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="計画ファイル（JSON）", help_text="このシステムの「JSONで書き出す」で作ったファイルの形です。"
    )
    start_fy = forms.TypedChoiceField(
        label="開始年度",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="県のひな形などを使うときに選ぶと、ファイルの年度をずらしてこの年度から始めます。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_fy"].choices = [("", "（ファイルのとおり）"), *fy_choices()]
