"""Views of the designation import: upload → preview → commit / discard (like the staff import)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm

from .. import import_services, selectors
from ..forms import ImportOptionsForm, ImportUploadForm
from ..importing import FIELD_SPECS, METHOD_EXAMPLES, ImportOptions
from ..models import DesignationImport


def _options_from(cleaned: dict) -> ImportOptions:
    return ImportOptions(default_start_date=cleaned["default_start_date"], encoding=cleaned["encoding"])


@require_perm("talent.designation_import")
def designation_import(request):
    from jinzai.core.services import today

    form = ImportUploadForm(
        request.POST or None, request.FILES or None, initial={"default_start_date": today()}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file", f"ファイルが大きすぎます（上限 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB）。"
            )
        else:
            record = import_services.designation_import_create(
                actor=request.membership,
                file_name=upload.name,
                content=upload.read(),
                options=_options_from(form.cleaned_data),
            )
            return redirect("talent:designation_import_preview", pk=record.pk)
    return render(
        request,
        "talent/import_upload.html",
        {
            "form": form,
            "recent": selectors.recent_imports(request.membership),
            "specs": FIELD_SPECS,
            "method_examples": METHOD_EXAMPLES,
        },
    )


@require_perm("talent.designation_import")
def designation_import_preview(request, pk: int):
    record = selectors.get_import_for_viewer(request.membership, pk)
    options = ImportOptions.from_json(record.options)
    if request.method == "POST" and record.status == DesignationImport.Status.PREVIEWED:
        form = ImportOptionsForm(request.POST)
        if form.is_valid():
            import_services.designation_import_reanalyse(
                actor=request.membership, record=record, options=_options_from(form.cleaned_data)
            )
            return redirect("talent:designation_import_preview", pk=record.pk)
    else:
        form = ImportOptionsForm(initial=options.to_json())
    return render(
        request,
        "talent/import_preview.html",
        {"record": record, "s": record.summary, "form": form, "options": options},
    )


@require_perm("talent.designation_import")
@require_POST
def designation_import_commit(request, pk: int):
    record = selectors.get_import_for_viewer(request.membership, pk)
    try:
        counts = import_services.designation_import_commit(actor=request.membership, record=record)
    except import_services.ImportNotCommittable as exc:
        import_services.designation_import_show_plan(actor=request.membership, record=record, plan=exc.plan)
        messages.error(request, "ファイルに誤りがあるため反映できません。下の一覧を確かめてください。")
        return redirect("talent:designation_import_preview", pk=record.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("talent:designation_import_preview", pk=record.pk)
    messages.success(
        request, "取込を反映しました。新規指定 {added}件、変更なし {unchanged}件。".format(**counts)
    )
    return redirect("talent:designation_import_preview", pk=record.pk)


@require_perm("talent.designation_import")
@require_POST
def designation_import_discard(request, pk: int):
    record = selectors.get_import_for_viewer(request.membership, pk)
    import_services.designation_import_discard(actor=request.membership, record=record)
    messages.info(request, "取込を取り消しました。指定は変わっていません。")
    return redirect("talent:designation_import")
