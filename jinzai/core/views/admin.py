"""Users, memberships and the audit log (システム管理者)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import can, require_perm
from ..exports import TableExport, export_response
from ..forms import AuditFilterForm, MembershipForm, PasswordResetByAdminForm, UserCreateForm

# --- users and memberships ------------------------------------------------------


@require_perm("core.user_manage")
def user_list(request):
    memberships = selectors.memberships_of(request.membership.organisation)
    return render(request, "core/user_list.html", {"memberships": memberships})


def _units_by_ids(organisation, ids):
    return list(selectors.units_of(organisation).filter(pk__in=ids))


@require_perm("core.user_manage")
def user_create(request):
    org = request.membership.organisation
    form = UserCreateForm(
        request.POST or None, organisation=org, initial=UserCreateForm.initial_role(request.GET.get("role"))
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staff = selectors.staff_by_no(org, data["staff_no"])
        if data["staff_no"] and staff is None:
            form.add_error("staff_no", f"職員番号「{data['staff_no']}」の職員が見つかりません。")
        else:
            try:
                services.user_create(
                    actor=request.membership,
                    username=data["username"],
                    password=data["password"],
                    display_name=data["display_name"],
                    role=data["role"],
                    units=_units_by_ids(org, data["units"]),
                    staff=staff,
                )
                messages.success(request, f"利用者「{data['username']}」を作成しました。")
                return redirect("core:user_list")
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
    return render(request, "core/user_form.html", {"form": form})


@require_perm("core.user_manage")
def membership_edit(request, pk: int):
    org = request.membership.organisation
    membership = selectors.get_membership_for_viewer(request.membership, pk)
    initial = {
        "role": membership.role,
        "units": [u.pk for u in membership.units.all()],
        "staff_no": membership.staff.staff_no if membership.staff else "",
        "is_active": membership.is_active,
    }
    form = MembershipForm(request.POST or None, organisation=org, initial=initial)
    password_form = PasswordResetByAdminForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staff = selectors.staff_by_no(org, data["staff_no"])
        if data["staff_no"] and staff is None:
            form.add_error("staff_no", f"職員番号「{data['staff_no']}」の職員が見つかりません。")
        else:
            try:
                services.membership_update(
                    actor=request.membership,
                    membership=membership,
                    role=data["role"],
                    units=_units_by_ids(org, data["units"]),
                    staff=staff,
                    is_active=data["is_active"],
                )
                messages.success(request, "役割を保存しました。")
                return redirect("core:user_list")
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
    from .. import twofactor

    return render(
        request,
        "core/membership_form.html",
        {
            "form": form,
            "member": membership,
            "password_form": password_form,
            "twofactor_enrolled": twofactor.is_enrolled(membership.user),
            "is_self": membership.user_id == request.user.pk,
        },
    )


@require_perm("core.user_manage")
@require_POST
def membership_password(request, pk: int):
    membership = selectors.get_membership_for_viewer(request.membership, pk)
    form = PasswordResetByAdminForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(
                actor=request.membership, user=membership.user, password=form.cleaned_data["password"]
            )
            messages.success(request, f"「{membership.user.username}」のパスワードを設定しました。")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "新しいパスワードを入力してください。")
    return redirect("core:membership_edit", pk=pk)


@require_perm("core.user_manage")
@require_POST
def membership_twofactor_reset(request, pk: int):
    """Remove the person's authenticator app and recovery codes (e.g. a lost phone); audited."""
    membership = selectors.get_membership_for_viewer(request.membership, pk)
    try:
        services.user_twofactor_reset(actor=request.membership, user=membership.user)
        messages.success(
            request,
            f"「{membership.user.username}」の2段階認証をリセットしました。次のログインで設定し直します。",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("core:membership_edit", pk=pk)


# --- audit log ----------------------------------------------------------------


@require_perm("core.audit_view")
def audit_list(request):
    """The audit log in Japanese: admins read all of it, hr the entries about staff records."""
    viewer = request.membership
    form = AuditFilterForm(request.GET or None, actions_in_use=selectors.audit_actions_in_use(viewer))
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for(viewer, **filters)
    if request.GET.get("format") == "csv":

        def rows():
            batch = []
            for event in events.iterator(chunk_size=2000):
                batch.append(event)
                if len(batch) == 2000:
                    yield from _csv_lines(selectors.audit_rows(batch))
                    batch = []
            yield from _csv_lines(selectors.audit_rows(batch))

        return export_response(
            request,
            TableExport(
                actor=viewer,
                action="audit.export",
                what="監査ログ",
                headers=AUDIT_CSV_HEADERS,
                rows=rows,
                default_format="csv",
                default_encoding="utf-8-sig",
            ),
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.audit_rows(page.object_list),
            "query": query.urlencode(),
            "reads_all": can(viewer, "core.audit_all"),
        },
    )


AUDIT_CSV_HEADERS = [
    "日時(UTC)",
    "利用者",
    "役割",
    "操作",
    "操作（コード）",
    "対象",
    "対象の種類",
    "対象ID",
    "対象の職員",
    "変更の内容",
    "接続元",
]


def _csv_lines(rows):
    for r in rows:
        e = r["event"]
        yield [
            e.at.isoformat(),
            r["username"],
            r["role"],
            r["action_label"],
            r["action"],
            r["object"],
            e.object_type,
            e.object_id,
            r["staff"],
            " ／ ".join(r["lines"]),
            r["ip"],
        ]
