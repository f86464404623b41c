"""The first-run page: on an empty database, create the organisation and its first システム管理者.

Reachable only while there is no organisation and no user (404 afterwards); asks for the one-time code
kept on the server (core/firstrun.py). `manage.py setup` does the same from the command line.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from .. import firstrun, lgcodes, services
from ..forms import FirstRunForm, FirstRunPrefectureForm


def first_run(request):
    if not services.first_run_available():
        raise Http404("初期設定はすでに済んでいます。")
    firstrun.setup_token()  # make sure the code exists on the server before anyone is asked for it
    pref_code = request.POST.get("pref") or request.GET.get("pref") or ""
    prefecture = lgcodes.get(pref_code)
    if prefecture is None or prefecture.kind != "prefecture":
        pref_form = FirstRunPrefectureForm(request.GET if "pref" in request.GET else None)
        pref_form.is_valid()
        return render(request, "core/first_run.html", {"pref_form": pref_form, "step": 1})
    form = FirstRunForm(request.POST or None, prefecture_code=prefecture.code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not firstrun.token_matches(data["setup_token"]):
            form.add_error(
                "setup_token", "確認コードが違います。サーバーに表示されたものをそのまま入力してください。"
            )
        else:
            try:
                org, user = services.first_setup(
                    code=data["organisation"],
                    username=data["username"],
                    password=data["password1"],
                    display_name=data["display_name"],
                    label="初期設定（画面）",
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                firstrun.discard_token()
                return render(request, "core/first_run_done.html", {"org": org, "admin": user})
    return render(request, "core/first_run.html", {"form": form, "prefecture": prefecture, "step": 2})
