"""The one set of import views every importer uses: upload → preview (re-analyse) → commit / discard.

An app routes its importer with :func:`import_urls` in its own urls.py, so URL names stay in the
app's namespace (``people:staff_import``, ``people:staff_import_preview`` …).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import require_perm
from ..forms import import_options_form, import_upload_form
from ..importing import IGNORE, get_importer
from ..models import ImportRecord


def import_urls(key: str, upload: str, record: str) -> list:
    """URL patterns of importer ``key``: ``upload`` (may contain ``<int:pk>`` for a context object
    such as a session) and ``record`` + ``<int:pk>/`` (+ ``commit/``, ``discard/``)."""
    name = get_importer(key).url_name.split(":", 1)[1]
    extra = {"key": key}
    return [
        path(upload, import_upload, extra, name=name),
        path(f"{record}<int:pk>/", import_preview, extra, name=f"{name}_preview"),
        path(f"{record}<int:pk>/commit/", import_commit, extra, name=f"{name}_commit"),
        path(f"{record}<int:pk>/discard/", import_discard, extra, name=f"{name}_discard"),
    ]


def _guarded(view):
    """Apply the importer's own permission (require_perm: login, role, audited 403)."""

    def wrapped(request, key: str, **kwargs):
        importer = get_importer(key)
        return require_perm(importer.permission)(view)(request, importer, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _record(request, importer, pk: int) -> ImportRecord:
    record = selectors.get_import_for_viewer(request.membership, pk, importer.key)
    if record.context_id:
        importer.get_context(request.membership, record.context_id)  # 404 when out of the viewer's scope
    return record


def _preview_url(importer, record) -> str:
    return reverse(f"{importer.url_name}_preview", kwargs={"pk": record.pk})


@_guarded
def import_upload(request, importer, pk: int | None = None):
    viewer = request.membership
    context = importer.get_context(viewer, pk) if pk is not None else None
    Form = import_upload_form(importer)
    form = Form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = services.import_create(
            actor=viewer,
            importer=importer,
            file_name=upload.name,
            content=upload.read(),
            options=form.options(),
            context=context,
        )
        if "job" in record.summary:  # a large file: its analysis ran as a job
            return redirect("core:job_detail", pk=record.summary["job"])
        return redirect(_preview_url(importer, record))
    return render(
        request,
        "core/import_upload.html",
        {
            "importer": importer,
            "context_object": context,
            "form": form,
            "columns": importer.get_columns(_dummy_plan(importer, viewer, context)),
            "crumbs": importer.crumbs(context),
            "recent": [
                {"record": r, "url": _preview_url(importer, r)}
                for r in selectors.recent_imports(
                    viewer, importer.key, context_id=getattr(context, "pk", None)
                )
            ],
        },
    )


def _dummy_plan(importer, viewer, context):
    from ..importing import Plan

    return Plan(importer=importer, organisation=viewer.organisation, options={}, context=context)


@_guarded
def import_preview(request, importer, pk: int):
    viewer = request.membership
    record = _record(request, importer, pk)
    summary = record.summary
    if "pending_job" in summary:
        return redirect("core:job_detail", pk=summary["pending_job"])
    Form = import_options_form(importer)
    if request.method == "POST" and record.status == ImportRecord.Status.PREVIEWED:
        form = Form(request.POST)
        if form.is_valid():
            mapping = dict(record.options.get("mapping") or {})
            for index, header in enumerate(summary.get("headers", [])):
                chosen = request.POST.get(f"map_{index}")
                if chosen:
                    mapping[header] = chosen
            services.import_reanalyse(
                actor=viewer, importer=importer, record=record, options={**form.options(), "mapping": mapping}
            )
            record.refresh_from_db()
            if "pending_job" in record.summary:
                return redirect("core:job_detail", pk=record.summary["pending_job"])
            return redirect(_preview_url(importer, record))
    else:
        form = Form(initial=form_initial(importer, record.options))
    context = importer.context_of(record) if record.context_id else None
    plan_for_columns = _dummy_plan(importer, viewer, context)
    column_choices = [("", "— 選んでください —")] + [
        (c.key, c.label) for c in importer.get_columns(plan_for_columns)
    ]
    column_choices.append((IGNORE, "取り込まない"))
    mapping = summary.get("mapping", {})
    unmapped = set(summary.get("unmapped", []))
    mapping_rows = [
        {"index": i, "header": h, "current": mapping.get(h, ""), "unmapped": h in unmapped}
        for i, h in enumerate(summary.get("headers", []))
        if h
    ]
    sections = [
        {
            "kind": kind,
            "label": label,
            "title": importer.section_title(
                kind, label, committed=record.status == ImportRecord.Status.COMMITTED
            ),
            "rows": summary.get("rows", {}).get(kind, []),
            "total": summary.get("counts", {}).get(kind, 0),
            "changes": kind in importer.changes_shown_for,
        }
        for kind, label in importer.kinds
    ]
    return render(
        request,
        "core/import_preview.html",
        {
            "importer": importer,
            "record": record,
            "s": summary,
            "form": form,
            "mapping_rows": mapping_rows,
            "column_choices": column_choices,
            "sections": sections,
            "display": importer.display,
            "context_object": context,
            "done_url": importer.done_url(record),
            "crumbs": importer.crumbs(context),
            "upload_url": importer.upload_url(context),
            "commit_url": f"{importer.url_name}_commit",
            "discard_url": f"{importer.url_name}_discard",
            "commit_sentence": counts_sentence(importer, summary.get("counts", {}), skip=("unchanged",)),
        },
    )


def form_initial(importer, options: dict) -> dict:
    return {key: value for key, value in options.items() if key != "mapping"}


@_guarded
@require_POST
def import_commit(request, importer, pk: int):
    record = _record(request, importer, pk)
    try:
        result = services.import_commit(actor=request.membership, importer=importer, record=record)
    except services.ImportNotCommittable:
        messages.error(request, "ファイルに誤りがあるため反映できません。下の一覧を確かめてください。")
        return redirect(_preview_url(importer, record))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_preview_url(importer, record))
    if not isinstance(result, dict):  # a large file: the commit runs as a job
        return redirect("core:job_detail", pk=result.pk)
    messages.success(request, importer.committed_message + counts_sentence(importer, result))
    return redirect(_preview_url(importer, record))


def counts_sentence(importer, counts: dict, *, skip: tuple[str, ...] = ()) -> str:
    unit = importer.unit
    parts = [f"{label} {counts.get(kind, 0):,}{unit}" for kind, label in importer.kinds if kind not in skip]
    return "、".join(parts) + ("" if skip else "。")


@_guarded
@require_POST
def import_discard(request, importer, pk: int):
    record = _record(request, importer, pk)
    services.import_discard(actor=request.membership, importer=importer, record=record)
    messages.info(request, importer.discarded_message)
    context = importer.context_of(record) if record.context_id else None
    if context is not None:
        return redirect(importer.url_name, pk=context.pk)
    return redirect(importer.url_name)
