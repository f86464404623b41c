"""Views of nominations (推薦・指名) and the designation letter (依頼文・兼務発令通知, .docx)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import can, require_perm
from jinzai.core.audit import audit
from jinzai.core.exports import DOCX_TYPE, download_filename, file_response
from jinzai.core.params import id_param
from jinzai.core.selectors import unit_paths

from .. import letters
from ..forms.calls import DecideForm, DesignationDecideForm, NominationForm
from ..models import Nomination, NominationTrack
from ..selectors import calls as selectors
from ..selectors import get_designation_for_viewer
from ..selectors.careers import term_end
from ..services import nominations as services


def _staff_label(staff, paths) -> str:
    path = paths.get(staff.current_unit_id, "")
    return f"{staff.staff_no} {staff.name}" + (f"（{path}）" if path else "")


@require_perm("talent.nomination_view")
def nomination_list(request):
    viewer = request.membership
    status = request.GET.get("status", "")
    status = status if status in Nomination.Status.values else ""
    return render(
        request,
        "talent/nomination_list.html",
        {
            "nominations": list(selectors.nomination_list(viewer, status=status)[:200]),
            "counts": selectors.nomination_counts(viewer),
            "statuses": Nomination.Status.choices,
            "status": status,
            "can_nominate": can(viewer, "talent.nominate"),
            "can_decide": can(viewer, "talent.nomination_decide"),
        },
    )


@require_perm("talent.nominate")
def nomination_create(request):
    viewer = request.membership
    org = viewer.organisation
    people = selectors.nominees(viewer)
    paths = unit_paths(org)
    initial = {}
    staff_id = id_param(request.GET, "staff")
    if staff_id:
        prefilled = selectors.nominee(viewer, staff_id)
        if prefilled is not None:
            initial["staff"] = _staff_label(prefilled, paths)
    form = NominationForm(request.POST or None, organisation=org, staff_queryset=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(
                actor=viewer,
                staff=form.cleaned_data["staff"],
                reason=form.cleaned_data["reason"],
                tracks=form.tracks(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"{nomination.staff.name}さんを推薦しました。DX推進担当が内容ごとに判断し、結果はこのページに表示されます。",
            )
            return redirect("talent:nomination_detail", pk=nomination.pk)
    options = [_staff_label(s, paths) for s in selectors.nominee_options(viewer)]
    return render(request, "talent/nomination_form.html", {"form": form, "staff_options": options})


@require_perm("talent.nomination_view")
def nomination_detail(request, pk: int):
    viewer = request.membership
    nomination = selectors.get_nomination_for_viewer(viewer, pk)
    return render(
        request,
        "talent/nomination_detail.html",
        {
            "n": nomination,
            "tracks": list(nomination.tracks.all()),
            "paths": unit_paths(viewer.organisation),
            "can_decide": can(viewer, "talent.nomination_decide"),
            "can_letter": can(viewer, "talent.letter"),
        },
    )


@require_perm("talent.nomination_decide")
def track_decide(request, pk: int):
    from jinzai.core.services import today

    viewer = request.membership
    track = selectors.get_track_for_viewer(viewer, pk)
    nomination = track.nomination
    if track.decision != NominationTrack.Decision.PENDING:
        messages.info(request, "この推薦の内容はすでに判断しています。")
        return redirect("talent:nomination_detail", pk=nomination.pk)
    designation = track.kind == NominationTrack.Kind.DESIGNATION
    if designation:
        start = today().replace(month=4, day=1)
        if start <= today():
            start = start.replace(year=start.year + 1)
        initial = {
            "started_on": start,
            "ended_on": term_end(viewer.organisation, start),
            "duties": f"{track.subject}としての業務（{nomination.staff.current_unit.name if nomination.staff.current_unit_id else ''}の業務改善とデジタル化の推進）",
        }
        form = DesignationDecideForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    else:
        form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.track_decide(
                actor=viewer,
                track=track,
                decision=d["decision"],
                comment=d.get("comment", ""),
                appointed=bool(d.get("appointed")),
                concurrent_unit=d.get("concurrent_unit"),
                duties=d.get("duties", ""),
                started_on=d.get("started_on"),
                ended_on=d.get("ended_on"),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            word = "承認" if d["decision"] == NominationTrack.Decision.APPROVED else "不承認と"
            messages.success(request, f"「{track.get_kind_display()}：{track.subject}」を{word}しました。")
            return redirect("talent:nomination_detail", pk=nomination.pk)
    return render(
        request,
        "talent/track_decide.html",
        {"track": track, "n": nomination, "form": form, "is_designation": designation},
    )


@require_perm("talent.letter")
def designation_letter(request, pk: int):
    viewer = request.membership
    designation = get_designation_for_viewer(viewer, pk)
    body, kind = letters.designation_letter(designation)
    audit(viewer, "designation.letter", designation, detail={"kind": kind})
    name = download_filename(viewer.organisation, kind, designation.staff.name, ext="docx")
    return file_response(body, filename=name, content_type=DOCX_TYPE)
