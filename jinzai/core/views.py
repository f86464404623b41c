"""Views of the core app: login, home per role, units, grades, users, audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from . import hooks, selectors, services
from .access import require_perm
from .exports import export_response
from .forms import (
    AuditFilterForm,
    GradeForm,
    LoginForm,
    MembershipForm,
    PasswordResetByAdminForm,
    UnitForm,
    UserCreateForm,
    UserSettingForm,
)
from .middleware import SESSION_MEMBERSHIP, request_memberships
from .models import UserSetting
from .roles import Role


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        from .audit import audit

        audit(self.request.user, "auth.password_change", changed=["password"])
        messages.success(self.request, "パスワードを変更しました。")
        return response


def _home_context(membership) -> dict:
    from jinzai.people import selectors as people_selectors

    role = Role(membership.role)
    ctx: dict = {"role": role, "panels": hooks.HOME_PANELS.collect(membership)}
    if role in {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER}:
        ctx["counts"] = people_selectors.staff_counts(membership)
        ctx["by_employment"] = people_selectors.staff_by_employment(membership)
    if role == Role.HR:
        ctx["imports"] = people_selectors.recent_imports(membership)
    if role == Role.MANAGER:
        ctx["scope_units"] = list(membership.units.all())
    if role == Role.PREFECTURE_SUPPORT:
        ctx["member_orgs"] = selectors.member_organisations(membership)
    if role == Role.ADMIN:
        ctx["user_count"] = (
            selectors.memberships_of(membership.organisation).values("user").distinct().count()
        )
        ctx["recent_events"] = selectors.audit_events_for(membership)[:8]
    if role == Role.STAFF:
        ctx["me"] = membership.staff
    return ctx


@login_required
def home(request):
    membership = request.membership
    if not membership:
        return render(request, "core/no_membership.html", status=403)
    return render(request, f"core/home_{membership.role}.html", _home_context(membership))


@login_required
@require_POST
def switch_membership(request):
    wanted = request.POST.get("membership")
    for member in request_memberships(request):
        if str(member.pk) == wanted:
            request.session[SESSION_MEMBERSHIP] = member.pk
            messages.info(
                request, f"{member.organisation.name}の「{member.get_role_display()}」に切り替えました。"
            )
            break
    return redirect("core:home")


@login_required
def user_settings(request):
    setting, _ = UserSetting.objects.get_or_create(user=request.user)
    form = UserSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        services.user_setting_update(user=request.user, date_style=form.cleaned_data["date_style"])
        messages.success(request, "表示の設定を保存しました。")
        return redirect("core:user_settings")
    return render(request, "core/user_settings.html", {"form": form})


# --- units ----------------------------------------------------------------


@require_perm("core.unit_view")
def unit_list(request):
    nodes = selectors.unit_tree(request.membership.organisation, with_counts=True)
    return render(request, "core/unit_list.html", {"nodes": nodes})


@require_perm("core.unit_view")
def unit_export(request):
    nodes = selectors.unit_tree(request.membership.organisation, with_counts=True)
    rows = (
        [
            n.path,
            n.unit.get_kind_display(),
            n.unit.code,
            n.unit.valid_from,
            n.unit.valid_to,
            "○" if n.unit.is_dx else "",
            "○" if n.unit.is_it else "",
            "○" if n.unit.is_hr else "",
            "○" if n.unit.is_business else "",
            n.staff_count,
        ]
        for n in nodes
    )
    return export_response(
        request,
        actor=request.membership,
        action="unit.export",
        stem="所属一覧",
        headers=[
            "所属",
            "区分",
            "所属コード",
            "有効開始日",
            "有効終了日",
            "DX推進担当部局",
            "情報システム担当",
            "人事担当",
            "業務担当部局",
            "在職者数",
        ],
        rows=rows,
        fmt="xlsx" if request.GET.get("format") != "csv" else "csv",
        encoding=request.GET.get("encoding", "cp932"),
    )


def _unit_form_view(request, unit=None):
    org = request.membership.organisation
    initial = {}
    if unit is not None:
        initial = {f: getattr(unit, f) for f in services.UNIT_FIELDS if f != "parent"} | {
            "parent": unit.parent_id
        }
    else:
        initial = {"is_business": True, "kind": "division", "parent": request.GET.get("parent") or None}
    form = UnitForm(request.POST or None, organisation=org, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                unit = services.unit_create(actor=request.membership, **form.cleaned_data)
                messages.success(request, f"所属「{unit.name}」を作成しました。")
            else:
                services.unit_update(actor=request.membership, unit=unit, **form.cleaned_data)
                messages.success(request, f"所属「{unit.name}」を保存しました。")
            return redirect("core:unit_list")
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
    return render(request, "core/unit_form.html", {"form": form, "unit": unit})


@require_perm("core.unit_manage")
def unit_create(request):
    return _unit_form_view(request)


@require_perm("core.unit_manage")
def unit_edit(request, pk: int):
    return _unit_form_view(request, selectors.get_unit_for_viewer(request.membership, pk))


# --- grades ---------------------------------------------------------------


@require_perm("core.grade_manage")
def grade_list(request):
    grades = selectors.grades_of(request.membership.organisation)
    form = GradeForm(request.POST or None, initial={"rank": (grades.last().rank + 1) if grades else 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_create(actor=request.membership, **form.cleaned_data)
            messages.success(request, f"職名「{form.cleaned_data['name']}」を追加しました。")
            return redirect("core:grade_list")
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
    return render(request, "core/grade_list.html", {"grades": grades, "form": form})


@require_perm("core.grade_manage")
def grade_edit(request, pk: int):
    grade = get_object_or_404(selectors.grades_of(request.membership.organisation), pk=pk)
    form = GradeForm(
        request.POST or None, initial={"name": grade.name, "rank": grade.rank, "aliases": grade.aliases}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_update(actor=request.membership, grade=grade, **form.cleaned_data)
            messages.success(request, f"職名「{grade.name}」を保存しました。")
            return redirect("core:grade_list")
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
    return render(request, "core/grade_form.html", {"grade": grade, "form": form})


# --- users and memberships ------------------------------------------------------


@require_perm("core.user_manage")
def user_list(request):
    memberships = selectors.memberships_of(request.membership.organisation)
    return render(request, "core/user_list.html", {"memberships": memberships})


def _staff_by_no(organisation, staff_no: str):
    from jinzai.core.text import normalize_staff_no
    from jinzai.people.models import Staff

    if not staff_no:
        return None
    return Staff.objects.filter(organisation=organisation, staff_no=normalize_staff_no(staff_no)).first()


def _units_by_ids(organisation, ids):
    return list(selectors.units_of(organisation).filter(pk__in=ids))


@require_perm("core.user_manage")
def user_create(request):
    org = request.membership.organisation
    form = UserCreateForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staff = _staff_by_no(org, data["staff_no"])
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
        staff = _staff_by_no(org, data["staff_no"])
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
    return render(
        request,
        "core/membership_form.html",
        {"form": form, "member": membership, "password_form": password_form},
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


# --- audit log ----------------------------------------------------------------


@require_perm("core.audit_view")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for(request.membership, **filters)
    if request.GET.get("format") == "csv":
        rows = (
            [
                e.at.isoformat(),
                e.username,
                e.role,
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                "、".join(e.changed),
                e.ip or "",
            ]
            for e in events.iterator()
        )
        return export_response(
            request,
            actor=request.membership,
            action="audit.export",
            stem="監査ログ",
            headers=[
                "日時(UTC)",
                "利用者",
                "役割",
                "操作",
                "対象の種類",
                "対象ID",
                "対象",
                "変更した項目",
                "接続元",
            ],
            rows=rows,
            fmt="csv",
            encoding=request.GET.get("encoding", "utf-8-sig"),
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


# --- prefecture -------------------------------------------------------------------


@require_perm("core.member_orgs")
def member_orgs(request):
    return render(
        request, "core/member_orgs.html", {"orgs": selectors.member_organisations(request.membership)}
    )


def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.html", {"login_url": reverse("core:login")}, status=403)
