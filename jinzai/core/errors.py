"""Japanese error pages."""

from django.shortcuts import render


def permission_denied(request, exception=None):
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
