"""Uploads of skill maps and question banks: upload → preview (with every error) → commit."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm

from .. import selectors
from ..forms import FrameworkUploadForm, UploadForm
from ..importing import EXPECTED_PREFIX, QUESTION_HEADERS
from ..models import SkillImport
from ..services.imports import skill_import_commit, skill_import_create

K = SkillImport.Kind
PAGES = {
    K.FRAMEWORK: {
        "title": "スキルマップの取込",
        "parent": ("skills:framework_list", "スキルマップ"),
        "preview": "skills:framework_import_preview",
        "commit": "skills:framework_import_commit",
        "upload": "skills:framework_import",
    },
    K.QUESTIONS: {
        "title": "問題の取込",
        "parent": ("skills:question_list", "問題"),
        "preview": "skills:question_import_preview",
        "commit": "skills:question_import_commit",
        "upload": "skills:question_import",
    },
}


def _upload(request, kind: str):
    form_class = FrameworkUploadForm if kind == K.FRAMEWORK else UploadForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file", f"ファイルが大きすぎます（上限 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB）。"
            )
        else:
            try:
                record = skill_import_create(
                    actor=request.membership,
                    kind=kind,
                    file_name=upload.name,
                    content=upload.read(),
                    options={"name": form.cleaned_data.get("name", "")},
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return redirect(PAGES[kind]["preview"], pk=record.pk)
    layout = (
        [
            "区分",
            "項目",
            "説明",
            "レベル1",
            "レベル2",
            "レベル3",
            "（レベル4）",
            "（レベル5）",
            f"{EXPECTED_PREFIX}：一般行政職員 など",
        ]
        if kind == K.FRAMEWORK
        else QUESTION_HEADERS
    )
    return render(
        request,
        "skills/import_upload.html",
        {"form": form, "page": PAGES[kind], "kind": kind, "layout": layout},
    )


def _preview(request, pk: int, kind: str):
    record = selectors.get_import_for_viewer(request.membership, pk, kind)
    return render(
        request, "skills/import_preview.html", {"record": record, "s": record.summary, "page": PAGES[kind]}
    )


def _commit(request, pk: int, kind: str):
    record = selectors.get_import_for_viewer(request.membership, pk, kind)
    try:
        result = skill_import_commit(actor=request.membership, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(PAGES[kind]["preview"], pk=record.pk)
    if kind == K.FRAMEWORK:
        messages.success(request, f"スキルマップを取り込みました（項目 {result['items']}件）。")
        return redirect("skills:framework_detail", pk=result["framework"])
    messages.success(request, f"問題を{result['questions']}問取り込みました。")
    return redirect("skills:question_list")


@require_perm("skills.framework_manage")
def framework_import(request):
    return _upload(request, K.FRAMEWORK)


@require_perm("skills.framework_manage")
def framework_import_preview(request, pk: int):
    return _preview(request, pk, K.FRAMEWORK)


@require_perm("skills.framework_manage")
@require_POST
def framework_import_commit(request, pk: int):
    return _commit(request, pk, K.FRAMEWORK)


@require_perm("skills.test_manage")
def question_import(request):
    return _upload(request, K.QUESTIONS)


@require_perm("skills.test_manage")
def question_import_preview(request, pk: int):
    return _preview(request, pk, K.QUESTIONS)


@require_perm("skills.test_manage")
@require_POST
def question_import_commit(request, pk: int):
    return _commit(request, pk, K.QUESTIONS)
