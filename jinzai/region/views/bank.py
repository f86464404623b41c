"""The talent bank: search and profiles (prefecture), the ファイル簿 (admin), a person's own opt-in."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.params import int_param

from ..forms import BankFileForm, ExpertForm, ExpertSearchForm, OptInForm
from ..models import BankOptIn, Expert
from ..selectors import municipality as muni
from ..selectors import prefecture as pref
from ..services import bank as services
from ..services.sharing import setting_of
from ._common import form_errors, form_page, prefecture_page, report_error, today

BANK = ("region:bank_list", "人材バンク")


@require_perm("region.bank_manage")
@prefecture_page
def bank_list(request):
    viewer = request.membership
    items = list(muni.prefecture_items(viewer))
    form = ExpertSearchForm(request.GET or None, items=items)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = pref.experts_for_prefecture(
        viewer,
        q=filters.get("q", ""),
        area=filters.get("area", ""),
        mode=filters.get("mode", ""),
        scheme=filters.get("scheme", ""),
        kind=filters.get("kind", ""),
        item_id=filters.get("item"),
    )
    page = Paginator(qs, 50).get_page(int_param(request.GET, "page", default=1, minimum=1, strict=False))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "region/bank_list.html",
        {"form": form, "page": page, "count": page.paginator.count, "query": query.urlencode()},
    )


def _expert_form(request, expert: Expert | None = None):
    viewer = request.membership
    items = list(muni.prefecture_items(viewer))
    levels = {s.item_id: s.level for s in pref.expert_skills(expert)} if expert else {}
    initial = (
        {k: getattr(expert, k) for k in services.PROFILE_FIELDS}
        | {"areas": expert.area_keys(), "scheme_keys": expert.scheme_keys()}
        if expert
        else {"visit_ok": True, "online_ok": True, "consent_on": today(), "kind": Expert.Kind.COMPANY}
    )
    form = ExpertForm(
        request.POST or None, items=items, initial_levels=levels, editing=expert is not None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if expert is None:
                expert = services.expert_create(
                    actor=viewer,
                    consent_on=data["consent_on"],
                    areas=data["areas"],
                    scheme_keys=data["scheme_keys"],
                    skills=form.skill_levels(),
                    **form.profile_values(),
                )
                messages.success(request, f"{expert.name}さんを人材バンクに登録しました。")
            else:
                services.expert_update(
                    actor=viewer,
                    expert=expert,
                    areas=data["areas"],
                    scheme_keys=data["scheme_keys"],
                    skills=form.skill_levels(),
                    **form.profile_values(),
                )
                messages.success(request, f"{expert.name}さんの登録内容を保存しました。")
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("region:expert_detail", pk=expert.pk)
    return render(
        request,
        "region/expert_form.html",
        {"form": form, "expert": expert, "bank_file": services.bank_file_of(viewer.organisation)},
    )


@require_perm("region.bank_manage")
@prefecture_page
def bank_create(request):
    return _expert_form(request)


@require_perm("region.bank_manage")
@prefecture_page
def expert_edit(request, pk: int):
    expert = pref.get_expert_for_prefecture(request.membership, pk)
    if expert.is_withdrawn or expert.kind == Expert.Kind.MUNICIPAL_STAFF:
        messages.error(
            request, "この登録は県では変更できません（本人が管理するか、同意が撤回されています）。"
        )
        return redirect("region:expert_detail", pk=pk)
    return _expert_form(request, expert)


@require_perm("region.bank_manage")
@prefecture_page
def expert_detail(request, pk: int):
    viewer = request.membership
    expert = pref.get_expert_for_prefecture(viewer, pk)
    return render(
        request,
        "region/expert_detail.html",
        {
            "expert": expert,
            "skills": pref.expert_skills(expert),
            "dispatches": pref.dispatches_of_expert(viewer, expert),
        },
    )


@require_POST
@require_perm("region.bank_manage")
@prefecture_page
def expert_withdraw(request, pk: int):
    expert = pref.get_expert_for_prefecture(request.membership, pk)
    try:
        services.expert_withdraw(actor=request.membership, expert=expert)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        messages.success(
            request,
            "同意の撤回を記録しました。この登録は検索と照合の対象から外れ、個人の情報は消去しました。",
        )
    return redirect("region:expert_detail", pk=pk)


# --- the ファイル簿 -------------------------------------------------------------------------------------


@require_perm("region.bank_file_view")
@prefecture_page
def bank_file(request):
    viewer = request.membership
    record = services.bank_file_of(viewer.organisation)
    counts = pref.bank_counts(viewer)
    return render(
        request,
        "region/bank_file.html",
        {
            "file": record,
            "items": [label for _, label in BankOptIn.FIELDS],
            "active": counts["active"],
            "withdrawn": counts["withdrawn"],
            "may_edit": can(viewer, "region.bank_file_edit"),
        },
    )


@require_perm("region.bank_file_edit")
@prefecture_page
def bank_file_edit(request):
    viewer = request.membership
    record = services.bank_file_of(viewer.organisation)
    form = BankFileForm(
        request.POST or None,
        instance=record if record.pk else None,
        initial=None if record.pk else {k: getattr(record, k) for k in services.BANKFILE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bank_file_update(
                actor=viewer, **{k: form.cleaned_data[k] for k in services.BANKFILE_FIELDS}
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "ファイル簿を保存しました。")
            return redirect("region:bank_file")
    return form_page(
        request,
        form,
        title="人材バンクのファイル簿を編集",
        crumbs=[("region:bank_file", "人材バンクのファイル簿")],
        cancel="region:bank_file",
        intro="個人情報ファイル簿として公表・備え付けする内容です。利用目的を変えると、その後の登録から新しい目的を示します。",
    )


# --- a person's own profile -------------------------------------------------------------------------


@require_perm("region.opt_in")
def my_profile(request):
    viewer = request.membership
    org = muni.municipality_of(viewer)
    if org is None or not viewer.staff_id:
        return render(
            request, "region/my_profile_unavailable.html", {"reason": "side" if org is None else "staff"}
        )
    allowed = setting_of(org).bank_opt_in
    optin = muni.my_optin(viewer)
    items = list(muni.prefecture_items(viewer))
    expert = optin.expert if optin else None
    initial = (
        {
            "fields_shared": optin.fields,
            "areas": expert.area_keys(),
            "visit_ok": expert.visit_ok,
            "online_ok": expert.online_ok,
            "availability": expert.availability,
            "availability_note": expert.availability_note,
            "profile": expert.profile,
        }
        if optin
        else {"visit_ok": True, "online_ok": True}
    )
    form = OptInForm(
        request.POST if (request.method == "POST" and allowed) else None,
        items=items,
        initial_levels=muni.my_optin_skills(optin),
        initial=initial,
    )
    if request.method == "POST" and allowed and form.is_valid():
        data = form.cleaned_data
        try:
            services.optin_save(
                actor=viewer,
                fields=data["fields_shared"],
                areas=data["areas"],
                visit_ok=data["visit_ok"],
                online_ok=data["online_ok"],
                availability=data["availability"],
                availability_note=data["availability_note"],
                profile=data["profile"],
                skills=form.skill_levels(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "人材バンクへの登録内容を保存しました。")
            return redirect("region:my_profile")
    return render(
        request,
        "region/my_profile.html",
        {
            "form": form,
            "optin": optin,
            "allowed": allowed,
            "prefecture": org.prefecture,
            "bank_file": services.bank_file_of(org.prefecture),
        },
    )


@require_POST
@require_perm("region.opt_in")
def my_profile_revoke(request):
    try:
        revoked = services.optin_revoke(actor=request.membership)
    except ValidationError as exc:
        report_error(request, exc)
    else:
        if revoked:
            messages.success(
                request, "人材バンクへの登録の同意を取り消しました。県の検索と照合からすぐに外れました。"
            )
        else:
            messages.info(request, "人材バンクには登録されていません。")
    return redirect("region:my_profile")
