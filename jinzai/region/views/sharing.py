"""A municipality's sharing settings: what its prefecture may see beyond aggregates (decisions R2)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import can, require_perm

from ..forms import SharingForm
from ..models import SharingSetting
from ..selectors import municipality as muni
from ..services import sharing as services
from ._common import municipality_page, report_error


@require_perm("region.sharing_view")
@municipality_page
def sharing(request):
    viewer = request.membership
    setting = muni.sharing_of(viewer)
    may_edit = can(viewer, "region.sharing_manage")
    form = SharingForm(
        request.POST if (request.method == "POST" and may_edit) else None,
        initial={k: getattr(setting, k) for k in SharingSetting.GRANTS},
    )
    if request.method == "POST":
        if not may_edit:  # dx_office reads the settings; a change is refused as any other (an audited 403)
            raise PermissionDenied("region.sharing_manage")
        if form.is_valid():
            try:
                services.sharing_update(actor=viewer, **form.cleaned_data)
            except ValidationError as exc:
                report_error(request, exc)
            else:
                messages.success(request, "県との共有の設定を保存しました。")
            return redirect("region:sharing")
    return render(
        request,
        "region/sharing.html",
        {
            "form": form,
            "setting": setting,
            "may_edit": may_edit,
            "prefecture": viewer.organisation.prefecture,
        },
    )
