"""Japanese error pages. Refusals leave a trace: a 403 or a 404 met by a signed-in user is audited
(``access.denied`` / ``access.not_found`` with the address), so that probing other people's or other
organisations' records shows in the audit log.

An error page shows the menu without the counts of 「対応が必要なこと」 (``ERROR_PAGE``): measuring them takes
dozens of queries, which a refused or mistyped address should not cost — the next page shows them again."""

from django.shortcuts import render

from .audit import audit

ERROR_PAGE = "_jinzai_error_page"  # set on the request: the menu is drawn without task counts


def _render(request, status: int, title: str, message: str):
    setattr(request, ERROR_PAGE, True)
    return render(
        request, "core/error.html", {"code": status, "title": title, "message": message}, status=status
    )


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
    return _render(
        request,
        403,
        "このページを見る権限がありません",
        "あなたの役割では、このページは使えません。必要な場合はシステム管理者にご相談ください。",
    )


def not_found(request, exception=None):
    _record_refusal(request, "access.not_found", exception)
    return _render(
        request,
        404,
        "ページが見つかりません",
        "アドレスが正しいか確かめてください。削除されたか、見る権限のない情報の可能性があります。",
    )


def server_error(request):
    return _render(
        request,
        500,
        "システムエラーが発生しました",
        "時間をおいてもう一度お試しください。続く場合はシステム管理者にご連絡ください。",
    )


def bad_request(request, exception=None):
    detail = str(exception) if exception is not None and str(exception) else ""
    return _render(
        request,
        400,
        "リクエストの内容が正しくありません",
        (detail + " " if detail else "") + "アドレスや入力した値を確かめて、もう一度お試しください。",
    )
