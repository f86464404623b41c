"""Views of sheets: the person's self-assessment, the manager's queue and review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import require_perm
from jinzai.core.audit import audit
from jinzai.core.params import MAX_INT, parse_int

from .. import selectors, services
from ..models import Participant
from ..services.campaigns import EditConflict, Review, SelfRating


def _int(value) -> int | None:
    """A level or a version number from the form: ASCII digits within range, else None (the service then
    answers with a Japanese message naming the item)."""
    return parse_int(value, minimum=0, maximum=MAX_INT)


@require_perm("skills.self_assess")
def my_assessments(request):
    viewer = request.membership
    return render(request, "skills/my_assessments.html", {"sheets": list(selectors.my_sheets(viewer))})


def _self_values(post, items) -> dict[int, SelfRating]:
    return {
        i.pk: SelfRating(
            level=_int(post.get(f"level_{i.pk}")),
            comment=(post.get(f"comment_{i.pk}") or "").strip(),
            evidence=(post.get(f"evidence_{i.pk}") or "").strip(),
        )
        for i in items
    }


@require_perm("skills.self_assess")
def my_sheet(request, pk: int):
    """The person's sheet in campaign `pk`: rate each item (descriptors beside the scale), save or submit."""
    sheet = selectors.get_my_sheet(request.membership, pk)
    campaign, framework = sheet.campaign, sheet.campaign.framework
    items = selectors.ordered_items(framework)
    errors: list[str] = []
    posted = None
    if request.method == "POST":
        posted = _self_values(request.POST, items)
        submit = request.POST.get("action") == "submit"
        try:
            services.sheet_save(
                actor=request.membership,
                participant=sheet,
                ratings=posted,
                version=_int(request.POST.get("version")) or 0,
                submit=submit,
            )
        except EditConflict as exc:
            errors = exc.messages
            sheet.refresh_from_db()
            posted = None
        except ValidationError as exc:
            errors = exc.messages
        else:
            if submit:
                messages.success(request, "自己評価を提出しました。所属長の確認を待ってください。")
                return redirect("skills:my_assessments")
            messages.success(request, "一時保存しました。提出するまでは何度でも直せます。")
            return redirect("skills:my_sheet", pk=campaign.pk)
    rows = selectors.sheet_rows(sheet, items)
    for row in rows:
        value = posted.get(row["item"].pk) if posted else None
        r = row["rating"]
        row["level"] = value.level if value else (r.self_level if r else None)
        row["comment"] = value.comment if value else (r.self_comment if r else "")
        row["evidence"] = value.evidence if value else (r.evidence if r else "")
        row["choices"] = [(n, framework.level_label(n), row["item"].descriptor(n)) for n in framework.levels]
    editable = campaign.is_open and sheet.status == Participant.Status.PENDING
    return render(
        request,
        "skills/my_sheet.html",
        {
            "sheet": sheet,
            "campaign": campaign,
            "framework": framework,
            "rows": rows,
            "errors": errors,
            "editable": editable,
        },
        status=200,
    )


@require_perm("skills.manager_rate")
def rate_list(request):
    sheets = list(selectors.review_queue(request.membership))
    return render(request, "skills/rate_list.html", {"sheets": sheets})


def _review_values(post, items) -> dict[int, Review]:
    return {
        i.pk: Review(
            manager_level=_int(post.get(f"manager_{i.pk}")),
            final_level=_int(post.get(f"final_{i.pk}")),
            comment=(post.get(f"mcomment_{i.pk}") or "").strip(),
        )
        for i in items
    }


@require_perm("skills.manager_rate")
def rate(request, pk: int):
    """The manager's review of one sheet: self-rating beside, own rating, comment, confirm."""
    sheet = selectors.get_sheet_for_reviewer(request.membership, pk)
    if request.method != "POST":
        audit(request.membership, "skill_sheet.view", sheet)
    campaign, framework = sheet.campaign, sheet.campaign.framework
    items = selectors.ordered_items(framework)
    errors: list[str] = []
    posted, comment = None, sheet.manager_comment
    if request.method == "POST":
        posted = _review_values(request.POST, items)
        comment = (request.POST.get("comment") or "").strip()
        confirm = request.POST.get("action") == "confirm"
        if not request.POST:
            messages.error(request, "評価を入力してから保存してください。")
            return redirect("skills:rate", pk=sheet.pk)
        if request.POST.get("action") == "copy_self":
            # 「本人評価と同じ」: the self-ratings go into the empty manager levels; nothing is saved yet
            copied = selectors.copy_self_levels(sheet, posted)
            if copied:
                messages.info(
                    request,
                    f"本人の自己評価を所属長の評価に写しました（{copied}項目）。まだ保存していません。"
                    "違う項目を直してから「保存」または「確定する」を押してください。",
                )
            else:
                messages.info(request, "写す項目はありません（所属長の評価がすべて入っています）。")
        else:
            try:
                services.sheet_review(
                    actor=request.membership,
                    participant=sheet,
                    reviews=posted,
                    comment=comment,
                    version=_int(request.POST.get("version")) or 0,
                    confirm=confirm,
                )
            except EditConflict as exc:
                errors = exc.messages
                sheet.refresh_from_db()
                posted, comment = None, sheet.manager_comment
            except ValidationError as exc:
                errors = exc.messages
            else:
                if confirm:
                    messages.success(request, f"{sheet.staff.name}さんの評価を確定しました。")
                    return redirect("skills:rate_list")
                messages.success(request, "所属長の評価を保存しました（まだ確定していません）。")
                return redirect("skills:rate", pk=sheet.pk)
    rows = selectors.sheet_rows(sheet, items)
    for row in rows:
        value = posted.get(row["item"].pk) if posted else None
        r = row["rating"]
        row["manager_level"] = value.manager_level if value else (r.manager_level if r else None)
        row["final_level"] = value.final_level if value else (r.final_level if r else None)
        row["mcomment"] = value.comment if value else (r.manager_comment if r else "")
    editable = campaign.is_open and sheet.status != Participant.Status.PENDING
    return render(
        request,
        "skills/rate.html",
        {
            "sheet": sheet,
            "campaign": campaign,
            "framework": framework,
            "rows": rows,
            "errors": errors,
            "editable": editable,
            "comment": comment,
            "levels": [(n, framework.level_label(n)) for n in framework.levels],
        },
    )
