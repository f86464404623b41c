"""Japanese error pages. Refusals leave a trace: a 403 or a 404 met by a signed-in user is audited
(``access.denied`` / ``access.not_found`` with the address), so that probing other people's or other
organisations' records shows in the audit log."""

from django.shortcuts import render

from .audit import audit


def _record_refusal(request, action: str, exception=None) -> None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "_jinzai_refusal_audited", False):
        return
    request._jinzai_refusal_audited = True
    match = getattr(request, "resolver_match", None)
    detail = {"path": request.path[:300], "method": request.method}
    if match is not None and match.view_name:
        detail["view"] = match.view_name
        if match.kwargs.get("pk") is not None:
            detail["pk"] = str(match.kwargs["pk"])[:30]
    if action == "access.denied" and exception is not None and str(exception):
        detail["perm"] = str(exception)[:100]
    membership = getattr(request, "membership", None)
    audit(membership or user, action, detail=detail)


def permission_denied(request, exception=None):
    _record_refusal(request, "access.denied", exception)
    return render(
        request,
        "core/error.html",
        {
            "code": 403,
            "title": "このページを見る権限がありません",
            "message": "あなたの役割では、このページは使えません。必要な場合はシステム管理者にご相談ください。",
        },
        status=403,
    )


def not_found(request, exception=None):
    _record_refusal(request, "access.not_found", exception)
    return render(
        request,
        "core/error.html",
        {
            "code": 404,
            "title": "ページが見つかりません",
            "message": "アドレスが正しいか確かめてください。削除されたか、見る権限のない情報の可能性があります。",
        },
        status=404,
    )


def server_error(request):
    return render(
        request,
        "core/error.html",
        {
            "code": 500,
            "title": "システムエラーが発生しました",
            "message": "時間をおいてもう一度お試しください。続く場合はシステム管理者にご連絡ください。",
        },
        status=500,
    )


def bad_request(request, exception=None):
    detail = str(exception) if exception is not None and str(exception) else ""
    return render(
        request,
        "core/error.html",
        {
            "code": 400,
            "title": "リクエストの内容が正しくありません",
            "message": (detail + " " if detail else "")
            + "アドレスや入力した値を確かめて、もう一度お試しください。",
        },
        status=400,
    )
